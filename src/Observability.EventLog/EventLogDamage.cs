namespace Observability.EventLog;

/// <summary>
/// A byte range of a segment that holds no valid record, found by <see cref="EventLog.Open"/> or
/// <see cref="EventLogReader.Verify(string)"/>. It is skipped, never cut: the valid records after it are kept, and the range
/// stays in the segment (recovery also copies it to the quarantine directory).
/// </summary>
/// <param name="Segment">The segment file.</param>
/// <param name="Offset">Where the range starts (the first invalid record).</param>
/// <param name="Length">Its length in bytes; it ends where the next valid record starts, or at the end of a sealed segment.</param>
/// <param name="Records">
/// How many records it held: one per line (each record is one line), a frame whose header still fits counting once;
/// 0 for a range of zero bytes alone.
/// </param>
/// <param name="FirstSequence">The sequence number of its first record; the records in it keep their numbers unread.</param>
/// <param name="Reason">Why the record at <paramref name="Offset"/> is invalid.</param>
/// <param name="QuarantinePath">Where recovery copied the bytes; null from <c>Verify</c>, or when the copy failed.</param>
/// <param name="QuarantineError">Why the copy failed, if it did.</param>
public sealed record EventLogDamage(
    string Segment,
    long Offset,
    long Length,
    long Records,
    long FirstSequence,
    string Reason,
    string? QuarantinePath = null,
    string? QuarantineError = null)
{
    /// <summary>The offset just past the range.</summary>
    public long End => Offset + Length;

    /// <inheritdoc />
    public override string ToString()
    {
        var records = Records switch
        {
            0 => "zero bytes, no record",
            1 => $"1 record unreadable (sequence {FirstSequence})",
            _ => $"{Records} records unreadable (sequences {FirstSequence} to {FirstSequence + Records - 1})",
        };
        return $"{Segment}: bytes {Offset} to {End - 1} ({Length} bytes) are damaged, {records}: {Reason}; the records after them are kept";
    }
}
