namespace Observability.EventLog.Internal;

/// <summary>
/// One pass over every segment, in order, as both recovery and <c>verify</c> make it: valid records with their sequence
/// numbers, damaged ranges skipped (their records keep their numbers), sequence gaps and overlaps between segments, and
/// the tail of the last segment. Reads only.
/// </summary>
/// <remarks>
/// A segment's first sequence is its name; within it, records (damaged ones included) number on from there. The first
/// segment of a log starts at 0. So records are missing where a segment starts after the sequence at which the one
/// before it stopped (a segment removed, or cut short), and numbers overlap where it starts before.
/// </remarks>
internal sealed class LogScan
{
    private LogScan(List<SegmentInfo> segments) => Segments = segments;

    /// <summary>The segments, oldest first.</summary>
    public List<SegmentInfo> Segments { get; }

    /// <summary>The first live sequence: 0, or where a compaction cut the log (the records before it are archived).</summary>
    public long FirstSequence { get; private set; }

    /// <summary>Valid records.</summary>
    public long Records { get; private set; }

    /// <summary>Bytes the segments hold up to the last segment's tail: valid records and damaged ranges.</summary>
    public long Bytes { get; private set; }

    /// <summary>The sequence after the last record (valid or damaged) of the last segment.</summary>
    public long NextSequence { get; private set; }

    /// <summary>Every damaged range, with its segment and the sequence of its first record.</summary>
    public List<(SegmentInfo Segment, DamagedRange Range, long FirstSequence)> Damage { get; } = [];

    /// <summary>Sequence numbers that no segment holds, below the last segment.</summary>
    public List<EventLogGap> Gaps { get; } = [];

    /// <summary>One line per damaged range, gap or overlap, in log order (the tail is not among them).</summary>
    public List<string> Findings { get; } = [];

    /// <summary>Where the data of the last segment ends: its last valid record or damaged range.</summary>
    public long LastDataEnd { get; private set; }

    /// <summary>The last segment's file length.</summary>
    public long LastFileLength { get; private set; }

    /// <summary>The torn tail of the last segment, if any.</summary>
    public RecordProblem? Tail { get; private set; }

    public static LogScan Run(string directory, RecordHandler? onRecord)
    {
        // Segments wholly below the log start are archived already (a compaction stopped before deleting them).
        var start = LogStart.Read(directory);
        var scan = new LogScan(SegmentFiles.List(directory));
        scan.FirstSequence = start;
        long expected = start;
        string? previous = null;
        for (var i = 0; i < scan.Segments.Count; i++)
        {
            var segment = scan.Segments[i];
            var isLast = i == scan.Segments.Count - 1;
            scan.CheckContinuity(previous, expected, segment);

            var sequence = segment.FirstSequence;
            using var scanner = SegmentScanner.Open(segment.Path, isLast ? SegmentRole.Last : SegmentRole.Sealed);
            while (true)
            {
                var outcome = scanner.Next(out var payload);
                if (outcome == ScanOutcome.Record)
                {
                    onRecord?.Invoke(sequence, payload);
                    sequence++;
                    scan.Records++;
                }
                else if (outcome == ScanOutcome.Damaged)
                {
                    var range = scanner.Damage!;
                    scan.Damage.Add((segment, range, sequence));
                    scan.Findings.Add(new EventLogDamage(segment.Path, range.Offset, range.Length, range.Records, sequence, range.Reason).ToString());
                    sequence += range.Records;
                }
                else
                {
                    break;
                }
            }

            scan.Bytes += scanner.Position;
            if (isLast)
            {
                scan.LastDataEnd = scanner.Position;
                scan.LastFileLength = scanner.Length;
                scan.Tail = scanner.CheckTail();
            }

            expected = sequence;
            previous = segment.Path;
        }

        scan.NextSequence = expected;
        return scan;
    }

    private void CheckContinuity(string? previous, long expected, SegmentInfo segment)
    {
        if (segment.FirstSequence > expected)
        {
            var reason = previous is null
                ? $"the first segment starts at sequence {segment.FirstSequence}, not {expected} (earlier segments removed)"
                : $"{Path.GetFileName(previous)} ends before sequence {expected} (a segment removed, or it was cut short)";
            var gap = new EventLogGap(expected, segment.FirstSequence - 1, segment.Path, reason);
            Gaps.Add(gap);
            Findings.Add(gap.ToString());
        }
        else if (segment.FirstSequence < expected)
        {
            Findings.Add(
                $"{segment.Path}: starts at sequence {segment.FirstSequence}, inside the previous segment, which ends before {expected}");
        }
    }
}
