using Observability.EventLog.Internal;

namespace Observability.EventLog;

/// <summary>
/// Reads an event log's segment files without writing to them, so it is safe on a log another process has open.
/// </summary>
/// <remarks>
/// Every frame is checked as <see cref="EventLog.Open"/> checks it, and reading a segment stops at its first invalid
/// record, or at the zero-filled space the writer keeps ahead of its records in the live segment, which is where the
/// data ends. Each line of a segment is <c>&lt;length:x8&gt; &lt;crc32c:x8&gt; &lt;payload&gt;</c>, so
/// <c>cut -d' ' -f3-</c> turns a closed segment into JSONL; a live one ends in NUL bytes and does not grow, so
/// <c>tail -F</c> cannot follow it: <see cref="FollowAsync"/> (<c>agentobs tail --follow</c>) can.
/// </remarks>
public static partial class EventLogReader
{
    /// <summary>Every valid record numbered at least <paramref name="fromSequence"/>, in order.</summary>
    /// <remarks>
    /// Lazily reads the segments that existed when enumeration started; each segment stops at its first invalid
    /// record, and reading goes on with the next segment.
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
            return 0;
        }

        // Sequences are dense within a segment, and its name is its first one.
        var last = segments[^1];
        using var scanner = SegmentScanner.Open(last.Path);
        var next = last.FirstSequence;
        while (scanner.Next(out _) == ScanOutcome.Record)
        {
            next++;
        }

        return next;
    }

    /// <summary>
    /// An offline integrity check (for a CLI <c>verify</c> command): counts records, bytes and segments, and reports
    /// every invalid record and every sequence gap or overlap between segments. Modifies nothing.
    /// </summary>
    /// <remarks>
    /// A torn tail shows here until the log is next opened (which cuts it). A gap left by damage to an earlier
    /// segment stays a problem after that: records are missing.
    /// </remarks>
    /// <param name="directory">The log directory.</param>
    /// <returns>What was found.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static EventLogVerification Verify(string directory)
    {
        RequireDirectory(directory);
        var problems = new List<string>();
        var segments = SegmentFiles.List(directory);
        long records = 0, bytes = 0;
        long? expected = null;
        foreach (var segment in segments)
        {
            if (expected is { } previousEnd && segment.FirstSequence != previousEnd)
            {
                problems.Add(segment.FirstSequence > previousEnd
                    ? $"{segment.Path}: starts at sequence {segment.FirstSequence} but the previous segment ends before {previousEnd}; sequences {previousEnd} to {segment.FirstSequence - 1} are missing"
                    : $"{segment.Path}: starts at sequence {segment.FirstSequence}, inside the previous segment, which ends before {previousEnd}");
            }

            using var scanner = SegmentScanner.Open(segment.Path);
            long count = 0;
            while (scanner.Next(out _) == ScanOutcome.Record)
            {
                count++;
            }

            // The last segment may be live, with the writer's zero-filled space after its records.
            if (scanner.CheckTail(zeroFillIsClean: segment == segments[^1]) is { } problem)
            {
                problems.Add(
                    $"{segment.Path} at offset {problem.Offset}: {problem.Reason}; {problem.DataEnd - problem.Offset} bytes from there on are unreadable");
            }

            records += count;
            bytes += scanner.Position;
            expected = segment.FirstSequence + count;
        }

        return new EventLogVerification(records, bytes, segments.Count, problems);
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

            using var cursor = new RecordCursor(SegmentScanner.Open(segments[i].Path), segments[i].FirstSequence);
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
