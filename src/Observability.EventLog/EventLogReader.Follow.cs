using System.Runtime.CompilerServices;
using Observability.EventLog.Internal;

namespace Observability.EventLog;

/// <content>Following a live log, <c>tail -f</c> style.</content>
public static partial class EventLogReader
{
    /// <summary>
    /// Yields every valid record numbered at least <paramref name="fromSequence"/>, then keeps polling for new records
    /// and new segments until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <remarks>
    /// Reads what the writer has written, which is a moment ahead of what it has fsynced: if a write then fails, a
    /// follower may have seen a record whose append was reported as failed. The live segment ends in zero-filled space;
    /// a NUL byte where a header would start, like a record still being written, means "nothing more yet", and the next
    /// poll resumes just after the last record read. Damage is skipped as <see cref="Read"/> skips it (the damaged
    /// records' sequence numbers are never yielded); in the live segment only once a valid record after it proves it is
    /// not a record still being written. A segment is left for the next one only once the next one exists,
    /// which the writer creates after its last write to the old one (and after cutting its zeros off). The directory
    /// need not exist yet. Cancellation ends the enumeration with an <see cref="OperationCanceledException"/>.
    /// </remarks>
    /// <param name="directory">The log directory.</param>
    /// <param name="fromSequence">The first sequence number wanted.</param>
    /// <param name="pollInterval">How long to wait before looking again once everything written has been read.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <returns>The records as they appear, each payload a copy.</returns>
    public static IAsyncEnumerable<LogRecord> FollowAsync(
        string directory, long fromSequence, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        return FollowSegments(directory, fromSequence, pollInterval, cancellationToken);
    }

    private static async IAsyncEnumerable<LogRecord> FollowSegments(
        string directory, long wanted, TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SegmentInfo? current = null;
        long offset = 0, sequence = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Listed before the scan: a segment with a successor in this list was complete before the scan began.
            var segments = Directory.Exists(directory) ? SegmentFiles.List(directory) : [];
            if (current is null && Pick(segments, wanted) is { } start)
            {
                (current, offset, sequence) = (start, 0, start.FirstSequence);
            }

            var progressed = false;
            if (current is { } segment)
            {
                // Damage in a complete segment is skipped; in the live one only once a later valid record proves it.
                var successor = Successor(segments, segment);
                using (var cursor = OpenAt(segment, offset, sequence, successor is null ? SegmentRole.Live : SegmentRole.Sealed))
                {
                    if (cursor is null)
                    {
                        current = null;
                        continue;
                    }

                    while (cursor.TryRead(wanted, out var record))
                    {
                        (offset, sequence, wanted) = (cursor.Scanner.Position, cursor.NextSequence, record.Sequence + 1);
                        progressed = true;
                        yield return record;
                    }

                    (offset, sequence) = (cursor.Scanner.Position, cursor.NextSequence);
                }

                if (successor is { } next)
                {
                    (current, offset, sequence) = (next, 0, next.FirstSequence);
                    progressed = true;
                }
            }

            if (!progressed)
            {
                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A cursor at <paramref name="offset"/>; null if the segment is gone.</summary>
    private static RecordCursor? OpenAt(SegmentInfo segment, long offset, long sequence, SegmentRole role)
    {
        SegmentScanner scanner;
        try
        {
            scanner = SegmentScanner.Open(segment.Path, role, offset);
            if (scanner.Length < offset)
            {
                // The writer cut back a failed write that this follower had partly seen; rescan from the start, and
                // the sequence filter skips what was already yielded.
                scanner.Dispose();
                (scanner, sequence) = (SegmentScanner.Open(segment.Path, role), segment.FirstSequence);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return new RecordCursor(scanner, sequence);
    }

    /// <summary>The segment holding <paramref name="sequence"/>, or the first one after it.</summary>
    private static SegmentInfo? Pick(List<SegmentInfo> segments, long sequence)
    {
        SegmentInfo? pick = null;
        foreach (var segment in segments)
        {
            if (segment.FirstSequence > sequence)
            {
                return pick ?? segment;
            }

            pick = segment;
        }

        return pick;
    }

    private static SegmentInfo? Successor(List<SegmentInfo> segments, SegmentInfo segment)
    {
        foreach (var candidate in segments)
        {
            if (candidate.FirstSequence > segment.FirstSequence)
            {
                return candidate;
            }
        }

        return null;
    }
}
