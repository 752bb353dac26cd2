using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Observability.EventLog.Internal;

/// <summary>
/// Reads the records of one segment file in order, validating each frame and skipping damage. Never writes: recovery,
/// the readers and <c>verify</c> all share it, so they agree on what is valid, what is damaged and how records are
/// numbered.
/// </summary>
/// <remarks>
/// <para>
/// The file length is taken once at open and nothing past it is read, so a scan of a file that a writer is still
/// appending to sees a consistent prefix. Payload spans point into one pooled buffer that is reused per call.
/// </para>
/// <para>
/// An invalid record (malformed header, a length that does not fit or does not end on the record's newline, checksum
/// mismatch) is damage when a valid frame follows it: the bytes up to that frame are reported as one
/// <see cref="ScanOutcome.Damaged"/> range and the scan goes on there, so one bad record never hides the good ones
/// after it. Each record is one line, so the range's record count (the sequence numbers it used up) is its lines. How
/// far the scan looks, and what it assumes about a record still being written, is the segment's
/// <see cref="SegmentRole"/>.
/// </para>
/// <para>
/// The writer keeps zero-filled space ahead of its records (<see cref="EventLogOptions.PreallocationBytes"/>), so the
/// data of a live segment, or of the last segment after a crash, ends before the file does: a NUL byte where the next
/// header would start is the end of the data (<see cref="ScanOutcome.End"/>), never a problem in itself. Followers
/// stop there without reading on; recovery and <c>verify</c> ask <see cref="CheckTail"/> whether what follows is zero
/// fill or a torn tail. Reads start small and double, so polling a preallocated segment does not read megabytes of zeros.
/// </para>
/// </remarks>
internal sealed class SegmentScanner : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;

    /// <summary>The first read of a scan: enough for a poll that finds a few new records.</summary>
    private const int FirstReadSize = 64 << 10;

    private readonly SafeFileHandle _handle;
    private readonly SegmentRole _role;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _end;
    private int _readSize = FirstReadSize;
    private bool _disposed;
    private string? _invalid;
    private bool _ended;
    private ByteWindow? _window;

    private SegmentScanner(string path, SafeFileHandle handle, long length, long offset, int bufferSize, SegmentRole role)
    {
        Path = path;
        _handle = handle;
        _role = role;
        Length = length;
        _bufferOffset = offset;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The segment file.</summary>
    public string Path { get; }

    /// <summary>The file's length when the scanner was opened.</summary>
    public long Length { get; }

    /// <summary>
    /// The offset just past the last valid record or damaged range returned (or the start offset if none): where the
    /// next call reads.
    /// </summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The range the last <see cref="ScanOutcome.Damaged"/> skipped.</summary>
    public DamagedRange? Damage { get; private set; }

    /// <summary>Opens <paramref name="path"/> for reading, sharing it with a concurrent writer.</summary>
    public static SegmentScanner Open(string path, SegmentRole role, long offset = 0, int bufferSize = DefaultBufferSize)
    {
        var handle = File.OpenHandle(
            path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        try
        {
            return new SegmentScanner(path, handle, RandomAccess.GetLength(handle), offset, bufferSize, role);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next record or damaged range; <paramref name="payload"/> is valid until the next call.</summary>
    public ScanOutcome Next(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        while (true)
        {
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

            var zero = _buffer[_start] == 0;
            if (zero && _role == SegmentRole.Live)
            {
                // Preallocated space (or a crash's zeros): no record starts with a NUL, the data ends here.
                _ended = true;
                return ScanOutcome.End;
            }

            var total = 0;
            var problem = zero ? "zero bytes where a record should start" : Validate(remaining, out total);
            if (problem is null)
            {
                var body = _buffer.AsSpan(_start + RecordFormat.HeaderLength, total - RecordFormat.Overhead);
                _start += total;
                payload = body;
                return ScanOutcome.Record;
            }

            var window = _window ??= new ByteWindow(_handle, Length);
            window.Invalidate();
            var next = FrameSearch.Find(window, position + 1, stopAtZero: _role == SegmentRole.Live);
            if (next < 0)
            {
                if (_role != SegmentRole.Sealed)
                {
                    // Nothing proves it damaged: a record still being written, a torn tail, or (zeros) the end of the data.
                    if (zero)
                    {
                        _ended = true;
                        return ScanOutcome.End;
                    }

                    return Fail(problem);
                }

                next = Length;
            }
            else if (_role != SegmentRole.Sealed && FrameSearch.IsFrameAt(window, position))
            {
                // Read while it was being written: the frame after it was written later, so a fresh read sees it whole.
                Reset(position);
                continue;
            }

            Damage = new DamagedRange(position, next, FrameSearch.CountRecords(window, position, next), problem);
            Reset(next);
            return ScanOutcome.Damaged;
        }
    }

    /// <summary>
    /// What follows the data of the last segment, once <see cref="Next"/> has stopped with no valid frame after it:
    /// null when nothing does, or only zero bytes (unused preallocated space); otherwise the torn tail, whose bytes run
    /// from <see cref="Position"/> to the last byte that is not zero. Reads the rest of the file, which followers never
    /// need. A sealed segment has no tail: its damage was skipped, up to its end.
    /// </summary>
    public RecordProblem? CheckTail()
    {
        var offset = Position;
        if (offset >= Length || _role == SegmentRole.Sealed)
        {
            return null;
        }

        // An append that was cut short leaves bytes running to the end of the file with no newline after them (a
        // partial line, or zeros the file system exposed); a complete line there is damaged, but with no valid record
        // after it nothing shows it was ever acknowledged. The zeros after the last data are unused space.
        var (hasNewline, dataEnd) = InspectTail(offset);
        if (dataEnd == offset)
        {
            return null;
        }

        var torn = _invalid is null ? "torn tail: zero bytes, then data (a write cut short)" : "torn tail: " + _invalid;
        return hasNewline && _invalid is not null
            ? new RecordProblem(offset, true, "corrupt record: " + _invalid, dataEnd)
            : new RecordProblem(offset, false, torn, dataEnd);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _window?.Dispose();
        _handle.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>Null when a valid record starts at <see cref="Position"/> (<paramref name="total"/> bytes); otherwise why not.</summary>
    private string? Validate(long remaining, out int total)
    {
        total = 0;
        if (remaining < RecordFormat.HeaderLength)
        {
            return $"incomplete header ({remaining} of {RecordFormat.HeaderLength} bytes)";
        }

        if (!Fill(RecordFormat.HeaderLength))
        {
            return "the file shrank while it was read";
        }

        if (!RecordFormat.TryParseHeader(_buffer.AsSpan(_start, RecordFormat.HeaderLength), out var length, out var checksum))
        {
            return "malformed header";
        }

        var size = (long)length + RecordFormat.Overhead;
        if (size > remaining)
        {
            return $"incomplete record ({remaining} of {size} bytes)";
        }

        if (size > Array.MaxLength)
        {
            return $"record length {length} is larger than any payload the writer accepts";
        }

        // A payload holds no line break: one before the declared end means a wrong length field or a lost terminator.
        // Looked for before reading on, so a damaged header's huge length is not read; a record already buffered (the
        // common case) is only searched when its terminator is missing, to say which.
        if (_end - _start < size && EndsEarly(_end - _start, length))
        {
            return $"the line ends before the record's length ({length} bytes)";
        }

        if (!Fill((int)size))
        {
            return "the file shrank while it was read";
        }

        var record = _buffer.AsSpan(_start, (int)size);
        if (record[^1] != (byte)'\n')
        {
            return EndsEarly(size, length) ? $"the line ends before the record's length ({length} bytes)" : "missing record terminator";
        }

        var actual = Crc32C.Compute(record.Slice(RecordFormat.HeaderLength, (int)length));
        if (actual != checksum)
        {
            return $"checksum mismatch (stored {checksum:x8}, computed {actual:x8})";
        }

        total = (int)size;
        return null;
    }

    // Whether a line break sits among the first `available` bytes of the record at _start, before its terminator.
    private bool EndsEarly(long available, uint length)
    {
        var count = (int)Math.Min(available, (long)length + RecordFormat.HeaderLength) - RecordFormat.HeaderLength;
        return count > 0 && _buffer.AsSpan(_start + RecordFormat.HeaderLength, count).Contains((byte)'\n');
    }

    private void Reset(long offset)
    {
        _bufferOffset = offset;
        _start = 0;
        _end = 0;
        _readSize = FirstReadSize;
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
