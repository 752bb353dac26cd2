namespace Observability.EventLog.Internal;

/// <summary>
/// The single pass at open: scans every segment, hands each valid record to the replay handler, and truncates each
/// segment at its first invalid record so the writer appends after valid data only.
/// </summary>
/// <remarks>
/// Zero bytes after the last record of the last segment are the writer's preallocated space that a crash (or a kill)
/// left behind, not damage: they are cut without counting as truncated. Anything else after the last valid record,
/// zeros followed by data included, is cut and counted from the end of that record to the end of the file.
/// </remarks>
internal static class LogRecovery
{
    public static RecoveryResult Run(string directory, RecordHandler? onRecord, SafeObserver observer)
    {
        var segments = SegmentFiles.List(directory);
        long records = 0, bytes = 0, truncated = 0, corrupt = 0, nextSequence = 0, lastLength = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Count - 1;

            // After damage to an earlier segment, later segments keep the sequences their names give them: renumbering
            // would change the sequences that readers and the duplicate index already know.
            var sequence = segment.FirstSequence;
            long valid, length;
            RecordProblem? problem;
            using (var scanner = SegmentScanner.Open(segment.Path))
            {
                while (scanner.Next(out var payload) == ScanOutcome.Record)
                {
                    onRecord?.Invoke(sequence, payload);
                    sequence++;
                    records++;
                }

                valid = scanner.Position;
                length = scanner.Length;

                // Sealed segments were cut to their data when the writer moved on, so only the last may end in zeros.
                problem = scanner.CheckTail(zeroFillIsClean: isLast);
            }

            if (problem is not null)
            {
                Truncate(segment.Path, valid);
                truncated += problem.DataEnd - valid;

                // Only the last segment can have been cut short by a crash; a bad record in a sealed segment is damage.
                if (problem.IsCorrupt || !isLast)
                {
                    corrupt++;
                }

                var reason = isLast ? problem.Reason : problem.Reason + " (in a sealed segment)";
                observer.OnRecovered(segment.Path, valid, problem.DataEnd - valid, reason);
            }
            else if (length > valid)
            {
                Truncate(segment.Path, valid);
            }

            bytes += valid;
            nextSequence = sequence;
            lastLength = valid;
        }

        return new RecoveryResult(segments, lastLength, records, bytes, nextSequence, truncated, corrupt);
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }
}
