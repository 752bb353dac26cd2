using Observability.EventLog.Internal;

namespace Observability.EventLog;

/// <summary>
/// Follows a log incrementally: each <see cref="ReadAvailable"/> hands over the records appended since the previous
/// call, resuming at the byte where that call stopped. <see cref="EventLogReader.Read"/> finds a starting sequence by
/// scanning its segment from the start, which for a poller means re-reading up to a whole segment (64 MiB by default)
/// on every poll; this reads only what is new.
/// </summary>
/// <remarks>
/// Safe on a log another writer has open: a record still being written fails its frame check, and the zero-filled
/// space after the last record reads as the end of the data; both are read on a later call, from the end of the last
/// record handed over. Damage is skipped as <see cref="EventLogReader.Read"/> skips it: in the live segment only once a
/// valid record after it proves it is not a record still being written. When the current segment has ended and a
/// newer one exists, reading moves on to it, as <see cref="EventLogReader.Read"/> does. Not thread-safe; one cursor per
/// reader.
/// </remarks>
public sealed class EventLogCursor
{
    private readonly string _directory;
    private SegmentInfo? _segment;
    private long _offset;
    private long _segmentSequence;

    /// <summary>Creates a cursor that starts at <paramref name="fromSequence"/>; nothing is read until <see cref="ReadAvailable"/>.</summary>
    /// <param name="directory">The log directory; it may not exist yet.</param>
    /// <param name="fromSequence">The first sequence number wanted.</param>
    public EventLogCursor(string directory, long fromSequence = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        _directory = directory;
        NextSequence = fromSequence;
    }

    /// <summary>The sequence number of the next record to hand over.</summary>
    public long NextSequence { get; private set; }

    /// <summary>
    /// Hands every complete record from <see cref="NextSequence"/> up to (not including) <paramref name="untilSequence"/>
    /// to <paramref name="handler"/>, in order.
    /// </summary>
    /// <param name="handler">Receives each record; its payload is only valid during the call.</param>
    /// <param name="untilSequence">Stop before this sequence number.</param>
    /// <returns>How many records were handed over.</returns>
    public int ReadAvailable(RecordHandler handler, long untilSequence = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!Directory.Exists(_directory))
        {
            return 0;
        }

        var count = 0;
        while (NextSequence < untilSequence)
        {
            if (_segment is null && !Locate())
            {
                return count;
            }

            count += ReadSegment(handler, untilSequence, SegmentRole.Live);
            if (NextSequence >= untilSequence || NewerSegment() is not { } newer)
            {
                return count;
            }

            // The writer only starts a segment once the previous one is complete, so the current one is final now:
            // read what was appended to it after the scan above took its length, skipping any damage, then move on.
            count += ReadSegment(handler, untilSequence, SegmentRole.Sealed);
            if (NextSequence >= untilSequence)
            {
                return count;
            }

            Enter(newer);
        }

        return count;
    }

    private int ReadSegment(RecordHandler handler, long untilSequence, SegmentRole role)
    {
        var count = 0;
        using var scanner = SegmentScanner.Open(_segment!.Value.Path, role, _offset);
        while (NextSequence < untilSequence)
        {
            var outcome = scanner.Next(out var payload);
            if (outcome == ScanOutcome.Damaged)
            {
                _segmentSequence += scanner.Damage!.Records;
                _offset = scanner.Position;
                continue;
            }

            if (outcome != ScanOutcome.Record)
            {
                break;
            }

            // Damage skipped just before may have carried the numbering past the bound: leave this record for a later
            // call, which resumes before it.
            var sequence = _segmentSequence;
            if (sequence >= untilSequence)
            {
                break;
            }

            _segmentSequence++;
            _offset = scanner.Position;
            if (sequence >= NextSequence)
            {
                handler(sequence, payload);
                NextSequence = sequence + 1;
                count++;
            }
        }

        return count;
    }

    // The segment holding NextSequence: the newest one starting at or before it.
    private bool Locate()
    {
        SegmentInfo? found = null;
        foreach (var segment in SegmentFiles.List(_directory))
        {
            if (segment.FirstSequence <= NextSequence || found is null)
            {
                found = segment;
            }

            if (segment.FirstSequence > NextSequence)
            {
                break;
            }
        }

        if (found is not { } located)
        {
            return false;
        }

        Enter(located);
        return true;
    }

    // The oldest segment after the current one, if the writer has moved on.
    private SegmentInfo? NewerSegment()
    {
        foreach (var segment in SegmentFiles.List(_directory))
        {
            if (segment.FirstSequence > _segment!.Value.FirstSequence)
            {
                return segment;
            }
        }

        return null;
    }

    private void Enter(SegmentInfo segment)
    {
        _segment = segment;
        _offset = 0;
        _segmentSequence = segment.FirstSequence;

        // Records a damaged segment lost are skipped, as EventLogReader.Read skips them.
        if (segment.FirstSequence > NextSequence)
        {
            NextSequence = segment.FirstSequence;
        }
    }
}
