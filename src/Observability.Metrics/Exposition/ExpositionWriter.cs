using System.Buffers;

namespace Observability.Metrics.Exposition;

/// <summary>
/// Accumulates UTF-8 exposition bytes in pooled 256 KiB chunks, so a large scrape neither grows one
/// huge array nor touches the response before collection has finished.
/// </summary>
internal sealed class ExpositionWriter : IDisposable
{
    // Large enough that a big scrape (8 MB) needs few chunks, so the shared pool can keep them all
    // between scrapes instead of allocating most of them anew.
    private const int ChunkSize = 256 * 1024;

    private readonly List<(byte[] Buffer, int Length)> _full = [];
    private readonly OverlappedGzip? _compressor;
    private byte[] _current;
    private int _position;

    /// <param name="compress">Hand each full chunk to a background gzip compressor instead of keeping it.</param>
    public ExpositionWriter(bool compress = false)
    {
        _current = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _compressor = compress ? new OverlappedGzip() : null;
    }

    public long Length
    {
        get
        {
            long length = _position;
            foreach (var (_, l) in _full)
            {
                length += l;
            }

            return length;
        }
    }

    /// <summary>A span of at least <paramref name="sizeHint"/> bytes at the end of the output.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_current.Length - _position < sizeHint)
        {
            if (_compressor is not null)
            {
                _compressor.Add(_current, _position);
            }
            else
            {
                _full.Add((_current, _position));
            }

            _current = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, sizeHint));
            _position = 0;
        }

        return _current.AsSpan(_position);
    }

    public void Advance(int count) => _position += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _position += bytes.Length;
    }

    /// <summary>
    /// Ends writing. Returns this writer, or, when compressing, a writer holding the gzip bytes (this one
    /// is then empty).
    /// </summary>
    public ExpositionWriter Finish()
    {
        if (_compressor is null)
        {
            return this;
        }

        _compressor.Add(_current, _position);
        _current = [];
        _position = 0;
        return _compressor.Complete();
    }

    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var (buffer, length) in _full)
        {
            await destination.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        await destination.WriteAsync(_current.AsMemory(0, _position), cancellationToken).ConfigureAwait(false);
    }

    public void CopyTo(Span<byte> destination)
    {
        foreach (var (buffer, length) in _full)
        {
            buffer.AsSpan(0, length).CopyTo(destination);
            destination = destination[length..];
        }

        _current.AsSpan(0, _position).CopyTo(destination);
    }

    public void Dispose()
    {
        // After Finish the compressor's output belongs to the payload; before it (a failed collection)
        // this stops the compressor and drops what it made.
        _compressor?.Dispose();

        foreach (var (buffer, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _full.Clear();
        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = [];
        }
    }
}
