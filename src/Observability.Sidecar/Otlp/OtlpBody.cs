using System.Buffers;
using System.IO.Compression;
using Observability.Sidecar.Endpoints;

namespace Observability.Sidecar.Otlp;

/// <summary>
/// The request body, decompressed when <c>Content-Encoding: gzip</c>, bounded by the limit both as received and as
/// decompressed (so a small gzip bomb is a 413, not a large allocation). Chunked and length-delimited bodies are read
/// alike.
/// </summary>
internal sealed class OtlpBody : IDisposable
{
    private readonly PooledBody _raw;
    private byte[]? _inflated;
    private int _inflatedLength;

    private OtlpBody(PooledBody raw) => _raw = raw;

    /// <summary>The bytes to decode.</summary>
    public ReadOnlyMemory<byte> Memory => _inflated is null ? _raw.Memory : _inflated.AsMemory(0, _inflatedLength);

    /// <summary>Reads (and inflates) the body; null when it is over <paramref name="limit"/>.</summary>
    /// <exception cref="InvalidDataException">The gzip stream is damaged.</exception>
    public static async Task<OtlpBody?> ReadAsync(HttpRequest request, bool gzip, long limit, CancellationToken cancellationToken)
    {
        if (await PooledBody.ReadAsync(request, limit, cancellationToken) is not { } raw)
        {
            return null;
        }

        var body = new OtlpBody(raw);
        if (!gzip)
        {
            return body;
        }

        try
        {
            return body.Inflate(limit) ? body : Disposed(body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _raw.Dispose();
        if (Interlocked.Exchange(ref _inflated, null) is { } inflated)
        {
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private static OtlpBody? Disposed(OtlpBody body)
    {
        body.Dispose();
        return null;
    }

    private bool Inflate(long limit)
    {
        using var source = new MemoryStreamReader(_raw.Memory);
        using var gzip = new GZipStream(source, CompressionMode.Decompress);
        _inflated = ArrayPool<byte>.Shared.Rent(Math.Max(4096, _raw.Memory.Length * 4));
        while (true)
        {
            if (_inflatedLength == _inflated.Length)
            {
                if (_inflated.Length >= limit + 1)
                {
                    return false;
                }

                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_inflated.Length * 2, limit + 1));
                _inflated.AsSpan(0, _inflatedLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_inflated);
                _inflated = larger;
            }

            var read = gzip.Read(_inflated, _inflatedLength, _inflated.Length - _inflatedLength);
            if (read == 0)
            {
                return true;
            }

            _inflatedLength += read;
            if (_inflatedLength > limit)
            {
                return false;
            }
        }
    }

    // A read-only stream over the pooled bytes (MemoryStream would need an array segment it may expose).
    private sealed class MemoryStreamReader(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
