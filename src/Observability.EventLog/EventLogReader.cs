using Observability.EventLog.Internal;

namespace Observability.EventLog;

/// <summary>
/// Reads an event log's segment files without writing to them, so it is safe on a log another process has open.
/// </summary>
/// <remarks>
/// Every frame is checked as <see cref="EventLog.Open"/> checks it, and damage is skipped as it skips it: the records in
/// a damaged range keep their sequence numbers and are never returned, the valid records after it are. In the last
/// segment, which a writer may be appending to, an invalid record is skipped only once a valid record after it proves
/// it is not one still being written; otherwise reading stops there, as it does at the zero-filled space the writer
/// keeps ahead of its records, which is where the data ends. Each line of a segment is <c>&lt;length:x8&gt; &lt;crc32c:x8&gt; &lt;payload&gt;</c>, so
/// <c>cut -d' ' -f3-</c> turns a closed segment into JSONL; a live one ends in NUL bytes and does not grow, so
/// <c>tail -F</c> cannot follow it: <see cref="FollowAsync"/> (<c>agentobs tail --follow</c>) can.
/// </remarks>
public static partial class EventLogReader
{
    /// <summary>Every valid record numbered at least <paramref name="fromSequence"/>, in order.</summary>
    /// <remarks>
    /// Lazily reads the segments that existed when enumeration started, skipping damage and the sequence numbers of
    /// missing records.
    /// </remarks>
    /// <param name="directory">The log directory.</param>
    /// <param name="fromSequence">The first sequence number wanted.</param>
    /// <returns>The records, each payload a copy.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static IEnumerable<LogRecord> Read(string directory, long fromSequence = 0)
    {
        RequireDirectory(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        return ReadSegments(directory, fromSequence);
    }

    /// <summary>
    /// The sequence number after the last valid record, the one the next append will get (0 for an empty log), for a
    /// reader that wants to start near the end (<c>agentobs tail</c>). Reads only the last segment.
    /// </summary>
    /// <param name="directory">The log directory.</param>
    /// <returns>The next sequence number as the files stand now.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static long NextSequence(string directory)
    {
        RequireDirectory(directory);
        var segments = SegmentFiles.List(directory);
        if (segments.Count == 0)
        {
            return LogStart.Read(directory);
        }

        // Sequences are dense within a segment (damaged records keep theirs), and its name is its first one.
        var last = segments[^1];
        using var scanner = SegmentScanner.Open(last.Path, SegmentRole.Live);
        var next = last.FirstSequence;
        for (var outcome = scanner.Next(out _); outcome is ScanOutcome.Record or ScanOutcome.Damaged; outcome = scanner.Next(out _))
        {
            next += outcome == ScanOutcome.Record ? 1 : scanner.Damage!.Records;
        }

        return next;
    }

    /// <summary>How often <see cref="Verify(string, Action{long})"/> reports: every this many records.</summary>
    public const int VerifyProgressRecords = 1024;

    /// <summary>
    /// An offline integrity check (for a CLI <c>verify</c> command): counts records, bytes and segments, and reports every
    /// damaged range (segment and byte range), every sequence gap (the missing sequence range) or overlap between
    /// segments, and a torn tail of the last segment. Modifies nothing: it sees what <see cref="EventLog.Open"/> would.
    /// </summary>
    /// <remarks>
    /// A torn tail shows here until the log is next opened (which cuts it). Damage and gaps stay problems after that:
    /// an open skips damage and never cuts it, and the records are unreadable.
    /// </remarks>
    /// <param name="directory">The log directory.</param>
    /// <returns>What was found.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static EventLogVerification Verify(string directory) => Verify(directory, progress: null);

    /// <summary><see cref="Verify(string)"/>, telling <paramref name="progress"/> the records checked so far as it goes.</summary>
    /// <param name="directory">The log directory.</param>
    /// <param name="progress">Called every <see cref="VerifyProgressRecords"/> records and once at the end; optional.</param>
    /// <returns>What was found.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static EventLogVerification Verify(string directory, Action<long>? progress)
    {
        RequireDirectory(directory);
        long checkedRecords = 0;
        RecordHandler? onRecord = progress is null
            ? null
            : (_, _) =>
            {
                if (++checkedRecords % VerifyProgressRecords == 0)
                {
                    progress(checkedRecords);
                }
            };
        var scan = LogScan.Run(directory, onRecord);
        progress?.Invoke(scan.Records);
        var damage = scan.Damage
            .Select(d => new EventLogDamage(d.Segment.Path, d.Range.Offset, d.Range.Length, d.Range.Records, d.FirstSequence, d.Range.Reason))
            .ToList();
        var problems = new List<string>(scan.Findings);
        if (scan.Tail is { } tail)
        {
            problems.Add(
                $"{scan.Segments[^1].Path} at offset {tail.Offset}: {tail.Reason}; {tail.DataEnd - tail.Offset} bytes from there on are unreadable (the next start cuts them)");
        }

        return new EventLogVerification(scan.Records, scan.Bytes, scan.Segments.Count, problems)
        {
            Damage = damage,
            Gaps = scan.Gaps,
        };
    }

    private static IEnumerable<LogRecord> ReadSegments(string directory, long fromSequence)
    {
        var segments = SegmentFiles.List(directory);
        for (var i = 0; i < segments.Count; i++)
        {
            if (i + 1 < segments.Count && segments[i + 1].FirstSequence <= fromSequence)
            {
                continue;
            }

            // Damage in a segment with a successor is skipped; in the last one only once a later valid record proves it.
            var role = i + 1 < segments.Count ? SegmentRole.Sealed : SegmentRole.Live;
            using var cursor = new RecordCursor(SegmentScanner.Open(segments[i].Path, role), segments[i].FirstSequence);
            while (cursor.TryRead(fromSequence, out var record))
            {
                yield return record;
            }
        }
    }

    private static void RequireDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The event log directory '{Path.GetFullPath(directory)}' does not exist.");
        }
    }
}
