using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Observability.EventLog.Internal;

/// <summary>
/// Reads the records of one segment file in order, validating each frame, and stops at the first invalid one.
/// Never writes: recovery, the readers and <c>verify</c> all share it, so they agree on what is valid.
/// </summary>
/// <remarks>
/// The file length is taken once at open and nothing past it is read, so a scan of a file that a writer is still
/// appending to sees a consistent prefix. Payload spans point into one pooled buffer that is reused per call.
/// </remarks>
internal sealed class SegmentScanner : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;

    private readonly SafeFileHandle _handle;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _end;
    private bool _disposed;

    private SegmentScanner(string path, SafeFileHandle handle, long length, long offset, int bufferSize)
    {
        Path = path;
        _handle = handle;
        Length = length;
        _bufferOffset = offset;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The segment file.</summary>
    public string Path { get; }

    /// <summary>The file's length when the scanner was opened.</summary>
    public long Length { get; }

    /// <summary>The offset just past the last valid record returned (or the start offset if none).</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The invalid record that stopped the scan, once <see cref="Next"/> has returned <see cref="ScanOutcome.Invalid"/>.</summary>
    public RecordProblem? Problem { get; private set; }

    /// <summary>Opens <paramref name="path"/> for reading, sharing it with a concurrent writer.</summary>
    public static SegmentScanner Open(string path, long offset = 0, int bufferSize = DefaultBufferSize)
    {
        var handle = File.OpenHandle(
            path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        try
        {
            return new SegmentScanner(path, handle, RandomAccess.GetLength(handle), offset, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next record; <paramref name="payload"/> is valid until the next call.</summary>
    public ScanOutcome Next(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (Problem is not null)
        {
            return ScanOutcome.Invalid;
        }

        var position = Position;
        var remaining = Length - position;
        if (remaining <= 0)
        {
            return ScanOutcome.End;
        }

        if (remaining < RecordFormat.HeaderLength)
        {
            return Fail(position, $"incomplete header ({remaining} of {RecordFormat.HeaderLength} bytes)");
        }

        if (!Fill(RecordFormat.HeaderLength))
        {
            return Fail(position, "the file shrank while it was read");
        }

        if (!RecordFormat.TryParseHeader(_buffer.AsSpan(_start, RecordFormat.HeaderLength), out var length, out var checksum))
        {
            return Fail(position, "malformed header");
        }

        var total = (long)length + RecordFormat.Overhead;
        if (total > remaining)
        {
            return Fail(position, $"incomplete record ({remaining} of {total} bytes)");
        }

        if (total > Array.MaxLength)
        {
            return Fail(position, $"record length {length} is larger than any payload the writer accepts");
        }

        if (!Fill((int)total))
        {
            return Fail(position, "the file shrank while it was read");
        }

        var record = _buffer.AsSpan(_start, (int)total);
        if (record[^1] != (byte)'\n')
        {
            return Fail(position, "missing record terminator");
        }

        var body = record.Slice(RecordFormat.HeaderLength, (int)length);
        var actual = Crc32C.Compute(body);
        if (actual != checksum)
        {
            return Fail(position, $"checksum mismatch (stored {checksum:x8}, computed {actual:x8})");
        }

        _start += (int)total;
        payload = body;
        return ScanOutcome.Record;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handle.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private bool Fill(int needed)
    {
        if (_end - _start >= needed)
        {
            return true;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * _buffer.Length)));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        while (_end < needed)
        {
            var fileOffset = _bufferOffset + _end;
            var count = (int)Math.Min(_buffer.Length - _end, Length - fileOffset);
            var read = count > 0 ? RandomAccess.Read(_handle, _buffer.AsSpan(_end, count), fileOffset) : 0;
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    private ScanOutcome Fail(long offset, string detail)
    {
        // An append that was cut short leaves bytes running to the end of the file with no newline after them (a
        // partial line, or zeros the file system exposed); a newline further on means a complete line is damaged.
        var (hasNewline, allZero) = InspectTail(offset);
        var reason = hasNewline ? "corrupt record: " + detail
            : allZero ? $"torn tail: zero-filled ({Length - offset} bytes)"
            : "torn tail: " + detail;
        Problem = new RecordProblem(offset, hasNewline, reason);
        return ScanOutcome.Invalid;
    }

    private (bool HasNewline, bool AllZero) InspectTail(long offset)
    {
        var allZero = true;
        var scratch = _buffer.AsSpan();
        while (offset < Length)
        {
            var read = RandomAccess.Read(_handle, scratch[..(int)Math.Min(scratch.Length, Length - offset)], offset);
            if (read == 0)
            {
                break;
            }

            var chunk = scratch[..read];
            if (chunk.Contains((byte)'\n'))
            {
                return (true, false);
            }

            allZero &= !chunk.ContainsAnyExcept((byte)0);
            offset += read;
        }

        return (false, allZero);
    }
}
