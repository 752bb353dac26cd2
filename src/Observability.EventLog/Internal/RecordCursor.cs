namespace Observability.EventLog.Internal;

/// <summary>
/// A <see cref="SegmentScanner"/> that numbers its records, skipping damage (whose records keep their numbers), and
/// copies out those the caller asked for.
/// </summary>
internal sealed class RecordCursor(SegmentScanner scanner, long firstSequence) : IDisposable
{
    public SegmentScanner Scanner => scanner;

    /// <summary>The sequence number of the next record in the segment.</summary>
    public long NextSequence { get; private set; } = firstSequence;

    /// <summary>Reads up to the next valid record numbered at least <paramref name="fromSequence"/>.</summary>
    public bool TryRead(long fromSequence, out LogRecord record)
    {
        while (true)
        {
            var outcome = scanner.Next(out var payload);
            if (outcome == ScanOutcome.Damaged)
            {
                // The damaged records keep their sequence numbers, so the records after them keep theirs.
                NextSequence += scanner.Damage!.Records;
                continue;
            }

            if (outcome != ScanOutcome.Record)
            {
                break;
            }

            var sequence = NextSequence++;
            if (sequence >= fromSequence)
            {
                record = new LogRecord(sequence, payload.ToArray());
                return true;
            }
        }

        record = default;
        return false;
    }

    public void Dispose() => scanner.Dispose();
}
