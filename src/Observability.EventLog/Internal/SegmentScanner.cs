using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Observability.EventLog.Internal;

/// <summary>
/// Reads the records of one segment file in order, validating each frame, and stops at the first invalid one.
/// Never writes: recovery, the readers and <c>verify</c> all share it, so they agree on what is valid.
/// </summary>
/// <remarks>
/// <para>
/// The file length is taken once at open and nothing past it is read, so a scan of a file that a writer is still
/// appending to sees a consistent prefix. Payload spans point into one pooled buffer that is reused per call.
/// </para>
/// <para>
/// The writer keeps zero-filled space ahead of its records (<see cref="EventLogOptions.PreallocationBytes"/>), so the
/// data of a live segment, or of the last segment after a crash, ends before the file does: a NUL byte where the next
/// header would start is the end of the data (<see cref="ScanOutcome.End"/>), never a problem in itself. Followers
/// stop there without reading on; recovery and <c>verify</c> ask <see cref="CheckTail"/> whether what follows is zero
/// fill or damage. Reads start small and double, so polling a preallocated segment does not read megabytes of zeros.
/// </para>
/// </remarks>
internal sealed class SegmentScanner : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;

    /// <summary>The first read of a scan: enough for a poll that finds a few new records.</summary>
    private const int FirstReadSize = 64 << 10;

    private readonly SafeFileHandle _handle;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _end;
    private int _readSize = FirstReadSize;
    private bool _disposed;
    private string? _invalid;
    private bool _ended;

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

    /// <summary>The offset just past the last valid record returned (or the start offset if none): the end of the data.</summary>
    public long Position => _bufferOffset + _start;

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
        if (_invalid is not null)
        {
            return ScanOutcome.Invalid;
        }

        var position = Position;
        var remaining = Length - position;
        if (_ended || remaining <= 0)
        {
            return ScanOutcome.End;
        }

        if (!Fill(1))
        {
            return Fail("the file shrank while it was read");
        }

        if (_buffer[_start] == 0)
        {
            // Preallocated space (or a crash's zeros): no record starts with a NUL, the data ends here.
            _ended = true;
            return ScanOutcome.End;
        }

        if (remaining < RecordFormat.HeaderLength)
        {
            return Fail($"incomplete header ({remaining} of {RecordFormat.HeaderLength} bytes)");
        }

        if (!Fill(RecordFormat.HeaderLength))
        {
            return Fail("the file shrank while it was read");
        }

        if (!RecordFormat.TryParseHeader(_buffer.AsSpan(_start, RecordFormat.HeaderLength), out var length, out var checksum))
        {
            return Fail("malformed header");
        }

        var total = (long)length + RecordFormat.Overhead;
        if (total > remaining)
        {
            return Fail($"incomplete record ({remaining} of {total} bytes)");
        }

        if (total > Array.MaxLength)
        {
            return Fail($"record length {length} is larger than any payload the writer accepts");
        }

        if (!Fill((int)total))
        {
            return Fail("the file shrank while it was read");
        }

        var record = _buffer.AsSpan(_start, (int)total);
        if (record[^1] != (byte)'\n')
        {
            return Fail("missing record terminator");
        }

        var body = record.Slice(RecordFormat.HeaderLength, (int)length);
        var actual = Crc32C.Compute(body);
        if (actual != checksum)
        {
            return Fail($"checksum mismatch (stored {checksum:x8}, computed {actual:x8})");
        }

        _start += (int)total;
        payload = body;
        return ScanOutcome.Record;
    }

    /// <summary>
    /// What follows the data, once <see cref="Next"/> has stopped: null when nothing does, or only zero bytes (unused
    /// preallocated space) and <paramref name="zeroFillIsClean"/>; otherwise the problem, whose bytes run from
    /// <see cref="Position"/> to <see cref="Length"/>. Reads the rest of the file, which followers never need.
    /// </summary>
    /// <param name="zeroFillIsClean">
    /// True for the last segment, where the writer keeps zeros ahead of its records; a sealed segment is cut to its data,
    /// so zeros there are damage.
    /// </param>
    public RecordProblem? CheckTail(bool zeroFillIsClean)
    {
        var offset = Position;
        if (offset >= Length)
        {
            return null;
        }

        // An append that was cut short leaves bytes running to the end of the file with no newline after them (a
        // partial line, or zeros the file system exposed); a newline further on means a complete line is damaged.
        var (hasNewline, dataEnd) = InspectTail(offset);
        if (dataEnd == offset)
        {
            return zeroFillIsClean ? null : new RecordProblem(offset, false, $"torn tail: zero-filled ({Length - offset} bytes)", Length);
        }

        // In the live segment, zeros and then data are an unfinished group whose pages reached the disk out of order
        // (a power cut between its write and its sync): torn, not damage. Its zeros after the data are unused space.
        if (zeroFillIsClean)
        {
            var torn = _invalid is null ? "torn tail: zero bytes, then data (a write cut short)" : "torn tail: " + _invalid;
            return hasNewline && _invalid is not null
                ? new RecordProblem(offset, true, "corrupt record: " + _invalid, dataEnd)
                : new RecordProblem(offset, false, torn, dataEnd);
        }

        var detail = _invalid ?? "zero bytes, then data";
        return new RecordProblem(offset, hasNewline, (hasNewline ? "corrupt record: " : "torn tail: ") + detail, Length);
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
            var count = (int)Math.Min(Math.Min(_buffer.Length - _end, Math.Max(needed - _end, _readSize)), Length - fileOffset);
            _readSize = Math.Min(_readSize * 2, _buffer.Length);
            var read = count > 0 ? RandomAccess.Read(_handle, _buffer.AsSpan(_end, count), fileOffset) : 0;
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    private ScanOutcome Fail(string detail)
    {
        // The record at Position; classified by CheckTail, only if someone asks: a follower that met a record still
        // being written just stops.
        _invalid = detail;
        return ScanOutcome.Invalid;
    }

    // Whether a newline follows offset, and where the last non-zero byte ends (offset itself when all is zero).
    private (bool HasNewline, long DataEnd) InspectTail(long offset)
    {
        var hasNewline = false;
        var dataEnd = offset;
        var scratch = _buffer.AsSpan();
        while (offset < Length)
        {
            var read = RandomAccess.Read(_handle, scratch[..(int)Math.Min(scratch.Length, Length - offset)], offset);
            if (read == 0)
            {
                break;
            }

            var chunk = scratch[..read];
            hasNewline |= chunk.Contains((byte)'\n');
            var last = chunk.LastIndexOfAnyExcept((byte)0);
            if (last >= 0)
            {
                dataEnd = offset + last + 1;
            }

            offset += read;
        }

        return (hasNewline, dataEnd);
    }
}
