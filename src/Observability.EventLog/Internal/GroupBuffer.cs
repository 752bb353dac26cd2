using System.Buffers;

namespace Observability.EventLog.Internal;

/// <summary>
/// Gathers the frames of a group commit into one pooled buffer so the group reaches the file in as few write calls
/// as possible (one, unless it exceeds the buffer).
/// </summary>
internal sealed class GroupBuffer : IDisposable
{
    private const int Capacity = 1 << 20;

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private int _length;

    public void Append(Stream stream, ReadOnlySpan<byte> frames)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(GroupBuffer));
        if (frames.Length > buffer.Length - _length)
        {
            Flush(stream);
            if (frames.Length >= buffer.Length)
            {
                // Copying a frame that fills the buffer by itself would only add a pass over it.
                stream.Write(frames);
                return;
            }
        }

        frames.CopyTo(buffer.AsSpan(_length));
        _length += frames.Length;
    }

    public void Flush(Stream stream)
    {
        if (_length == 0 || _buffer is null)
        {
            return;
        }

        try
        {
            stream.Write(_buffer, 0, _length);
        }
        finally
        {
            _length = 0;
        }
    }

    /// <summary>Drops gathered bytes after a failed group.</summary>
    public void Clear() => _length = 0;

    public void Dispose()
    {
        if (_buffer is { } rented)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
