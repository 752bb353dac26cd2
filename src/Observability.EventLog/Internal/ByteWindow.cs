using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Observability.EventLog.Internal;

/// <summary>
/// Random-access reads of a segment through one cached 64 KiB window, for the rare path that looks through damage:
/// searching for the next valid frame, counting the records a damaged range held, copying it aside.
/// </summary>
/// <remarks>Reads nothing at or past <see cref="Length"/>, the length the scan took at open.</remarks>
internal sealed class ByteWindow : IDisposable
{
    private const int WindowSize = 64 << 10;
    private readonly SafeFileHandle _handle;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(WindowSize);
    private long _start = -1;
    private int _count;

    public ByteWindow(SafeFileHandle handle, long length)
    {
        _handle = handle;
        Length = length;
    }

    public long Length { get; }

    /// <summary>The byte at <paramref name="offset"/>, or -1 past the end.</summary>
    public int At(long offset) => Load(offset) ? _buffer[offset - _start] : -1;

    /// <summary>The first offset in [<paramref name="from"/>, <paramref name="to"/>) holding <paramref name="value"/>, or -1.</summary>
    public long IndexOf(byte value, long from, long to) => Find(value, from, to, except: false);

    /// <summary>The first offset at or after <paramref name="from"/> holding either value, or -1.</summary>
    public long IndexOfAny(byte first, byte second, long from)
    {
        for (var offset = from; Load(offset);)
        {
            var span = Available(offset, Length);
            var index = span.IndexOfAny(first, second);
            if (index >= 0)
            {
                return offset + index;
            }

            offset += span.Length;
        }

        return -1;
    }

    /// <summary>The first offset in [<paramref name="from"/>, <paramref name="to"/>) not holding <paramref name="value"/>, or -1.</summary>
    public long IndexOfAnyExcept(byte value, long from, long to) => Find(value, from, to, except: true);

    /// <summary>Exactly <paramref name="count"/> bytes (at most the window) from <paramref name="offset"/>; empty if the file ends first.</summary>
    public ReadOnlySpan<byte> Slice(long offset, int count)
    {
        if (offset + count > Length)
        {
            return [];
        }

        if (!Load(offset) || offset + count > _start + _count)
        {
            _start = -1;
            Load(offset);
        }

        return offset + count <= _start + _count ? _buffer.AsSpan((int)(offset - _start), count) : [];
    }

    /// <summary>The running CRC-32C state over [<paramref name="from"/>, <paramref name="to"/>), or null if the file ends first.</summary>
    public uint? Crc(long from, long to)
    {
        var crc = uint.MaxValue;
        for (var offset = from; offset < to;)
        {
            if (!Load(offset))
            {
                return null;
            }

            var span = Available(offset, to);
            crc = Crc32C.Append(crc, span);
            offset += span.Length;
        }

        return ~crc;
    }

    /// <summary>Copies [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="destination"/>.</summary>
    public void CopyTo(long from, long to, Stream destination)
    {
        for (var offset = from; offset < to;)
        {
            if (!Load(offset))
            {
                throw new IOException($"The segment ended at {offset} while {to - from} bytes from {from} were copied.");
            }

            var span = Available(offset, to);
            destination.Write(span);
            offset += span.Length;
        }
    }

    /// <summary>Forgets what was read, so the next read sees the file as it is now.</summary>
    public void Invalidate() => _start = -1;

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private long Find(byte value, long from, long to, bool except)
    {
        for (var offset = from; offset < to;)
        {
            if (!Load(offset))
            {
                return -1;
            }

            var span = Available(offset, to);
            var index = except ? span.IndexOfAnyExcept(value) : span.IndexOf(value);
            if (index >= 0)
            {
                return offset + index;
            }

            offset += span.Length;
        }

        return -1;
    }

    private ReadOnlySpan<byte> Available(long offset, long to) =>
        _buffer.AsSpan((int)(offset - _start), (int)Math.Min(_start + _count - offset, to - offset));

    private bool Load(long offset)
    {
        if (_start >= 0 && offset >= _start && offset < _start + _count)
        {
            return true;
        }

        if (offset >= Length)
        {
            return false;
        }

        var count = (int)Math.Min(_buffer.Length, Length - offset);
        var read = RandomAccess.Read(_handle, _buffer.AsSpan(0, count), offset);
        (_start, _count) = read > 0 ? (offset, read) : (-1, 0);
        return read > 0;
    }
}
