namespace Observability.EventLog;

/// <summary>
/// Telemetry hooks of an <see cref="EventLog"/>, typically turned into self-metrics. Calls come from the writer
/// loop (or from <see cref="EventLog.Open"/> during recovery), so implementations must be quick and thread-safe;
/// an exception thrown here is swallowed rather than allowed to stop the writer.
/// </summary>
public interface IEventLogObserver
{
    /// <summary>Called once per group commit, after the group is written and (when enabled) fsynced.</summary>
    /// <param name="records">Records in the group.</param>
    /// <param name="bytes">Bytes written, frames included.</param>
    /// <param name="writeDuration">Time spent in write calls, including the zeros of a preallocation step the group needed.</param>
    /// <param name="fsyncDuration">
    /// Time spent making the group durable: an <c>fdatasync</c> when it was written into preallocated space, a full
    /// fsync when it grew the file, plus the full fsync of a preallocation step the group needed (one per
    /// <see cref="EventLogOptions.PreallocationBytes"/>). Zero when fsync is disabled.
    /// </param>
    void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration);

    /// <summary>Called at open when the last segment's torn tail was cut off (after being copied to quarantine).</summary>
    /// <param name="segmentPath">The segment file.</param>
    /// <param name="offset">The byte offset the segment was truncated at (the start of the first invalid record).</param>
    /// <param name="droppedBytes">Bytes removed.</param>
    /// <param name="reason">Why the record at <paramref name="offset"/> was invalid.</param>
    void OnRecovered(string segmentPath, long offset, long droppedBytes, string reason);

    /// <summary>Called when a group commit failed; every append of the group was faulted with <paramref name="exception"/>.</summary>
    /// <param name="exception">The write or fsync failure.</param>
    void OnWriteFailed(Exception exception);

    /// <summary>Called when a segment file is created.</summary>
    /// <param name="segmentPath">The new segment file.</param>
    void OnSegmentCreated(string segmentPath);

    /// <summary>
    /// Called at open for each damaged range found: skipped, not cut (the valid records after it are kept), and copied
    /// to the quarantine directory. Each open reports the damage it finds, including damage an earlier open already
    /// copied aside.
    /// </summary>
    /// <param name="damage">Where, how many records, why, and where its bytes were copied.</param>
    void OnDamaged(EventLogDamage damage)
    {
    }

    /// <summary>Called at open for each range of sequence numbers that no segment holds (a removed or shortened segment).</summary>
    /// <param name="gap">The missing sequences and the segment after them.</param>
    void OnRecordsMissing(EventLogGap gap)
    {
    }
}
