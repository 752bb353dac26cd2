namespace Observability.EventLog.Internal;

/// <summary>
/// Looking through damage: where the next valid frame starts, whether one starts at a given offset, and how many
/// records a damaged range held.
/// </summary>
/// <remarks>
/// A payload never holds a raw <c>'\n'</c>, so a valid frame ends at the first newline after its header, and its header
/// declares exactly the length up to it. The search goes line by line and tries every offset of a line as a header,
/// so it also finds a record whose own line break is intact but whose predecessor's was destroyed (the record then
/// starts inside the damaged line).
/// </remarks>
internal static class FrameSearch
{
    /// <summary>
    /// The first offset at or after <paramref name="from"/> where a valid frame starts; -1 when none does before the
    /// end of the file or, with <paramref name="stopAtZero"/>, before the first zero byte.
    /// </summary>
    /// <param name="window">The segment.</param>
    /// <param name="from">Where to start looking (just after the start of the invalid record).</param>
    /// <param name="stopAtZero">
    /// True while a writer may be appending: zeros are its preallocated space (or a page not written yet), so nothing
    /// after them proves anything, and a follower must not read megabytes of them on every poll.
    /// </param>
    public static long Find(ByteWindow window, long from, bool stopAtZero)
    {
        var lineStart = from;
        while (true)
        {
            var newline = stopAtZero
                ? window.IndexOfAny((byte)'\n', 0, lineStart)
                : window.IndexOf((byte)'\n', lineStart, window.Length);
            if (newline < 0 || window.At(newline) == 0)
            {
                return -1;
            }

            for (var x = lineStart; x + RecordFormat.HeaderLength <= newline; x++)
            {
                if (IsFrameEndingAt(window, x, newline))
                {
                    return x;
                }
            }

            lineStart = newline + 1;
        }
    }

    /// <summary>Whether a valid frame starts at <paramref name="offset"/>, read afresh from the file.</summary>
    public static bool IsFrameAt(ByteWindow window, long offset)
    {
        window.Invalidate();
        var header = window.Slice(offset, RecordFormat.HeaderLength);
        if (header.IsEmpty || !RecordFormat.TryParseHeader(header, out var length, out _))
        {
            return false;
        }

        var end = offset + RecordFormat.HeaderLength + length;
        return window.At(end) == '\n' && IsFrameEndingAt(window, offset, end);
    }

    /// <summary>
    /// How many records [<paramref name="start"/>, <paramref name="end"/>) held: a frame whose header still declares a
    /// length ending on a newline counts once, even if the damage put a line break inside it; otherwise each line
    /// counts once, and so does a last line cut short. Zero bytes are no record.
    /// </summary>
    /// <remarks>
    /// Damage that destroyed line breaks and headers (a zeroed sector over several records) hides records from this
    /// count; in a sealed segment the shortfall shows against the next segment's first sequence.
    /// </remarks>
    public static long CountRecords(ByteWindow window, long start, long end)
    {
        long count = 0;
        var x = start;
        while (x < end)
        {
            x = window.IndexOfAnyExcept(0, x, end);
            if (x < 0)
            {
                break;
            }

            count++;
            var header = end - x >= RecordFormat.HeaderLength ? window.Slice(x, RecordFormat.HeaderLength) : [];
            if (!header.IsEmpty && RecordFormat.TryParseHeader(header, out var length, out _))
            {
                var terminator = x + RecordFormat.HeaderLength + length;
                if (terminator < end && window.At(terminator) == '\n')
                {
                    x = terminator + 1;
                    continue;
                }
            }

            var newline = window.IndexOf((byte)'\n', x, end);
            if (newline < 0)
            {
                break;
            }

            x = newline + 1;
        }

        return count;
    }

    private static bool IsFrameEndingAt(ByteWindow window, long offset, long newline)
    {
        // Cheap filter first: the two separators of a header.
        if (window.At(offset + 8) != ' ' || window.At(offset + 17) != ' ')
        {
            return false;
        }

        var header = window.Slice(offset, RecordFormat.HeaderLength);
        return !header.IsEmpty
            && RecordFormat.TryParseHeader(header, out var length, out var checksum)
            && offset + RecordFormat.HeaderLength + length == newline
            && window.Crc(offset + RecordFormat.HeaderLength, newline) == checksum;
    }
}
