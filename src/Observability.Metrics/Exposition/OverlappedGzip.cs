using System.Buffers;
using System.IO.Compression;
using System.Threading.Channels;

namespace Observability.Metrics.Exposition;

/// <summary>
/// Compresses exposition chunks on another thread while later families are still being written, so a
/// gzip scrape costs about the longer of collection and compression rather than their sum. The output
/// is one ordinary gzip member, held in memory until collection has succeeded.
/// </summary>
internal sealed class OverlappedGzip : IDisposable
{
    private readonly Channel<(byte[] Buffer, int Length)> _chunks =
        Channel.CreateUnbounded<(byte[] Buffer, int Length)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly ExpositionWriter _output = new();
    private readonly Task _worker;
    private bool _handedOut;

    public OverlappedGzip() => _worker = Task.Run(CompressAsync);

    /// <summary>Takes ownership of a pooled chunk; it goes back to the pool once compressed.</summary>
    public void Add(byte[] buffer, int length)
    {
        if (!_chunks.Writer.TryWrite((buffer, length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits for the last chunk to be compressed and returns the compressed bytes.</summary>
    public ExpositionWriter Complete()
    {
        _chunks.Writer.TryComplete();
        _worker.GetAwaiter().GetResult();
        _handedOut = true;
        return _output;
    }

    /// <summary>After a failed collection: stops the worker and frees what it compressed.</summary>
    public void Dispose()
    {
        if (_handedOut)
        {
            return;
        }

        _chunks.Writer.TryComplete();
        try
        {
            _worker.GetAwaiter().GetResult();
        }
        finally
        {
            _output.Dispose();
        }
    }

    private async Task CompressAsync()
    {
        var sink = new WriterStream(_output);
        await using (sink.ConfigureAwait(false))
        {
            var gzip = new GZipStream(sink, CompressionLevel.Fastest, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                await foreach (var (buffer, length) in _chunks.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    gzip.Write(buffer, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    /// <summary>A write-only stream that appends to an <see cref="ExpositionWriter"/>.</summary>
    private sealed class WriterStream(ExpositionWriter writer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => writer.Length;

        public override long Position
        {
            get => writer.Length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => writer.Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => writer.Write(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
