namespace Observability.EventLog.Internal;

/// <summary>
/// The single pass at open: scans every segment, hands each valid record to the replay handler, skips damage, and cuts
/// the torn tail of the last segment so the writer appends after valid data only.
/// </summary>
/// <remarks>
/// <para>
/// Nothing acknowledged is cut. A sealed segment is never written: a damaged range in it (or in the last segment, before
/// a valid record) is skipped, its records keep their sequence numbers, and its bytes are copied to the quarantine
/// directory. Only the last segment's tail, bytes after its last valid record with no valid frame after them (a write
/// that was never acknowledged), is cut, after being copied aside too. Zero bytes there are the writer's preallocated
/// space that a crash left behind: cut without counting.
/// </para>
/// <para>
/// When the last segment holds damage the writer starts a new segment rather than append after it, so every damaged
/// range sits in a sealed segment, where readers skip it without waiting and later starts find it at the same offset.
/// </para>
/// </remarks>
internal static class LogRecovery
{
    public static RecoveryResult Run(string directory, string quarantineDirectory, RecordHandler? onRecord, SafeObserver observer)
    {
        var scan = LogScan.Run(directory, onRecord);
        var quarantine = new Quarantine(quarantineDirectory);
        long corruptRecords = 0, corruptBytes = 0, missing = 0;
        var roll = false;
        foreach (var (segment, range, firstSequence) in scan.Damage)
        {
            var (path, error) = TryQuarantine(quarantine, segment.Path, range.Offset, range.End);
            observer.OnDamaged(new EventLogDamage(
                segment.Path, range.Offset, range.Length, range.Records, firstSequence, range.Reason, path, error));
            corruptRecords += range.Records;
            corruptBytes += range.Length;
            roll |= segment == scan.Segments[^1];
        }

        foreach (var gap in scan.Gaps)
        {
            observer.OnRecordsMissing(gap);
            missing += gap.Count;
        }

        long truncated = 0;
        if (scan.Segments.Count > 0)
        {
            var last = scan.Segments[^1].Path;
            if (scan.Tail is { } tail)
            {
                // Copied aside before the cut: the tail was never acknowledged, but a cut must not be the only record of it.
                TryQuarantine(quarantine, last, tail.Offset, tail.DataEnd);
                Truncate(last, scan.LastDataEnd);
                truncated = tail.DataEnd - tail.Offset;
                observer.OnRecovered(last, tail.Offset, truncated, tail.Reason);
            }
            else if (scan.LastFileLength > scan.LastDataEnd)
            {
                Truncate(last, scan.LastDataEnd);
            }
        }

        return new RecoveryResult(
            scan.Segments,
            scan.LastDataEnd,
            scan.Records,
            scan.Bytes,
            scan.NextSequence,
            truncated,
            corruptRecords,
            corruptBytes,
            missing,
            roll);
    }

    private static (string? Path, string? Error) TryQuarantine(Quarantine quarantine, string segment, long from, long to)
    {
        try
        {
            return (quarantine.Copy(segment, from, to), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The skipped bytes stay in their sealed segment; a torn tail was never acknowledged. Neither is worth
            // refusing to start over a quarantine directory that cannot be written.
            return (null, e.Message);
        }
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }
}
