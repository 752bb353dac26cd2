using Observability.EventLog;
using Observability.Metrics;


namespace Observability.Sidecar.Hosting;

/// <summary>The event log's self-metrics and log messages: group commits, write and fsync latency, recovery, failures.</summary>
/// <remarks>
/// Damage and gaps are counted as this process start found them: damage an earlier start already quarantined counts
/// again (Prometheus counters start from zero with the process anyway), but a range found twice by one start, as when
/// a state snapshot that no longer fits makes it open the log a second time, counts once.
/// </remarks>
internal sealed class EventLogMetrics : IEventLogObserver
{
    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
    private readonly ILogger _logger;
    private readonly Counter _commits;
    private readonly Counter _records;
    private readonly Counter _bytesWritten;
    private readonly Histogram _writeSeconds;
    private readonly Histogram _fsyncSeconds;
    private readonly Counter _recoveredBytes;
    private readonly Counter _recoveries;
    private readonly Counter _writeFailures;
    private readonly Counter _segmentsCreated;
    private readonly Counter _corruptRecords;
    private readonly Counter _corruptBytes;
    private readonly Counter _missingRecords;
    private readonly HashSet<(string Segment, long Offset)> _damageSeen = [];
    private readonly HashSet<long> _gapsSeen = [];

    public EventLogMetrics(MetricRegistry registry, EventLogHandle state, ILogger<EventLogMetrics> logger)
    {
        _logger = logger;
        _commits = registry.CreateCounter("event_log_group_commits_total", "Group commits: one write and one fsync for every append queued meanwhile.").Unlabelled;
        _records = registry.CreateCounter("event_log_records_appended_total", "Records appended to the event log.").Unlabelled;
        _bytesWritten = registry.CreateCounter("event_log_written_bytes_total", "Bytes appended to the event log.").Unlabelled;
        _writeSeconds = registry.CreateHistogram("event_log_append_duration_seconds", "Time to write one group commit, before fsync.", LatencyBuckets).Unlabelled;
        _fsyncSeconds = registry.CreateHistogram("event_log_fsync_duration_seconds", "Time to fsync one group commit.", LatencyBuckets).Unlabelled;
        _recoveredBytes = registry.CreateCounter("event_log_truncated_bytes_total", "Bytes of the last segment's torn tail (a write never acknowledged) cut at start, after a copy to quarantine.").Unlabelled;
        _recoveries = registry.CreateCounter("event_log_recoveries_total", "Torn tails cut from the last segment at start.").Unlabelled;
        _corruptRecords = registry.CreateCounter("event_log_corrupt_records_total", "Records in damaged ranges of the event log found at this start: skipped, the records after them kept, the bytes copied to quarantine.").Unlabelled;
        _corruptBytes = registry.CreateCounter("event_log_corrupt_bytes_total", "Bytes of damaged ranges of the event log found at this start.").Unlabelled;
        _missingRecords = registry.CreateCounter("event_log_missing_records_total", "Sequence numbers no event log segment holds, found at this start (a removed or shortened segment).").Unlabelled;
        _writeFailures = registry.CreateCounter("event_log_write_failures_total", "Group commits that failed to write or fsync; their appends got 503.").Unlabelled;
        _segmentsCreated = registry.CreateCounter("event_log_segments_created_total", "Segment files created.").Unlabelled;
        ReplayDuration = registry.CreateGauge("event_log_replay_duration_seconds", "Time the last start took to replay the event log.").Unlabelled;

        // Present from the first scrape; filled in once the log is open.
        var bytes = registry.CreateGauge("event_log_bytes", "Bytes of records in the event log (not the live segment's preallocated zeros).").Unlabelled;
        var segments = registry.CreateGauge("event_log_segments", "Segment files in the event log.").Unlabelled;
        var records = registry.CreateGauge("event_log_records", "Records in the event log.").Unlabelled;
        // No sample while the start-up replay runs: a long replay is not a write failure (AgentObsEventLogNotWritable).
        var writable = registry.CreateGauge(
            "event_log_writable",
            "1 when the last write to the event log succeeded, 0 when it failed or the log could not be opened; no sample while the start-up replay runs.",
            new MetricOptions { UnlabelledSeriesAtRegistration = false });
        registry.AddCollectCallback(() =>
        {
            if (state.Log?.Status is { } status)
            {
                bytes.Set(status.Bytes);
                segments.Set(status.Segments);
                records.Set(status.RecordCount);
                writable.Unlabelled.Set(status.IsWritable ? 1 : 0);
            }
            else if (state.OpenError is not null)
            {
                writable.Unlabelled.Set(0);
            }
        });
    }

    public Gauge ReplayDuration { get; }

    public void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration)
    {
        _commits.Inc();
        _records.Inc(records);
        _bytesWritten.Inc(bytes);
        _writeSeconds.Observe(writeDuration.TotalSeconds);
        _fsyncSeconds.Observe(fsyncDuration.TotalSeconds);
    }

    public void OnRecovered(string segmentPath, long offset, long droppedBytes, string reason)
    {
        _recoveries.Inc();
        _recoveredBytes.Inc(droppedBytes);
        Log.Recovered(_logger, segmentPath, offset, droppedBytes, reason);
    }

    public void OnWriteFailed(Exception exception)
    {
        _writeFailures.Inc();
        Log.WriteFailed(_logger, exception);
    }

    public void OnSegmentCreated(string segmentPath)
    {
        _segmentsCreated.Inc();
        Log.SegmentCreated(_logger, segmentPath);
    }

    public void OnDamaged(EventLogDamage damage)
    {
        lock (_damageSeen)
        {
            if (!_damageSeen.Add((damage.Segment, damage.Offset)))
            {
                return;
            }
        }

        _corruptRecords.Inc(damage.Records);
        _corruptBytes.Inc(damage.Length);
        Log.Damaged(
            _logger, damage.Segment, damage.Offset, damage.End - 1, damage.Records, damage.FirstSequence, damage.Reason,
            damage.QuarantinePath ?? "nowhere");
        if (damage.QuarantineError is { } error)
        {
            Log.QuarantineFailed(_logger, damage.Segment, damage.Offset, error);
        }
    }

    public void OnRecordsMissing(EventLogGap gap)
    {
        lock (_gapsSeen)
        {
            if (!_gapsSeen.Add(gap.FirstSequence))
            {
                return;
            }
        }

        _missingRecords.Inc(gap.Count);
        Log.RecordsMissing(_logger, gap.FirstSequence, gap.LastSequence, gap.Count, gap.Segment, gap.Reason);
    }
}
