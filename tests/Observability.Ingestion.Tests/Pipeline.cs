using Observability.EventLog;
using Observability.Events;
using Observability.Ingestion.Batches;
using Observability.Ingestion.Mapping;
using Observability.Ingestion.Projection;
using Observability.Metrics;
using Observability.Projections;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Ingestion.Tests;

/// <summary>
/// The ingestion writer with the projection host the sidecar gives it (the mapped metrics and task outcomes), over a
/// real log: what the pipeline of one type used to be, put together as the sidecar puts it.
/// </summary>
internal sealed class Pipeline(MetricRegistry registry, MetricMapping mapping)
{
    private readonly ReplayRecorder _recorder = new();
    private ProjectionHost? _host;
    private EventLogFile? _log;

    public IngestionWriter Writer { get; } = new(registry);

    public MetricsProjection Metrics { get; } = new(mapping, registry);

    public TaskOutcomesProjection Outcomes { get; } = new(mapping.Family("ai_success_rate") as GaugeFamily);

    public int StoredIds => Writer.StoredIds;

    public ProjectionHost Host => _host ?? throw new InvalidOperationException("Open the log first.");

    /// <summary>Runs before each event's metric updates.</summary>
    public Action<StoredEvent>? BeforeProject
    {
        set => Metrics.BeforeApply = value;
    }

    public TaskSummary DailySummary(DateTimeOffset now) => Host.Read(() => Outcomes.Daily.Summarize(now));

    /// <summary>Opens the log through a new host, restoring the snapshot at <paramref name="snapshotPath"/> if it fits.</summary>
    public EventLogFile Open(EventLogOptions options, string? snapshotPath, out ReplayRecorder replay)
    {
        _host = new ProjectionHost(
            [Metrics, Outcomes],
            new ProjectionHostOptions { SnapshotPath = snapshotPath, Duplicates = Writer.Duplicates, Observer = new ProjectionMetrics(registry, _recorder) });
        _log = _host.Open(options);
        Metrics.Exemplars = true;
        Writer.Attach(_log, _host);
        replay = _recorder;
        return _log;
    }

    /// <summary>Opens the log with no snapshot.</summary>
    public EventLogFile Open(EventLogOptions options) => Open(options, null, out _);

    /// <summary>Ingests, then waits until the host has applied what the log holds (as a query would).</summary>
    public async Task<BatchResult> IngestAsync(IReadOnlyList<BatchItem> items)
    {
        var result = await Writer.IngestAsync(items);
        Assert.True(await Host.WaitForAsync(_log!.Status.NextSequence, TimeSpan.FromSeconds(30)), "the host did not apply the batch");
        return result;
    }

    /// <summary>Writes the snapshot to <paramref name="path"/> once the host has every record handed to it.</summary>
    public async Task WriteSnapshotAsync(string path)
    {
        await Host.DrainAsync();
        Host.WriteSnapshot(path);
    }

    /// <summary>A clean stop: the log closed, the host drained, the snapshot written (when it has a path).</summary>
    public async Task CloseAsync()
    {
        await _log!.DisposeAsync();
        await Host.DrainAsync();
        Host.WriteSnapshot();
        await Host.DisposeAsync();
    }

    /// <summary>What the host reported about start-up.</summary>
    internal sealed class ReplayRecorder : IProjectionObserver
    {
        public long RestoredRecords { get; private set; }

        public string? SnapshotProblem { get; private set; }

        /// <summary>The snapshot fitted its checks but not the log: the host replayed the whole log instead.</summary>
        public bool NeedsFullReplay => SnapshotProblem?.StartsWith("the event log", StringComparison.Ordinal) == true;

        public void OnReplayed(int events, long unreadable)
        {
        }

        public void OnRestored(long records, string path) => RestoredRecords = records;

        public void OnSnapshotUnused(string path, string reason) => SnapshotProblem = reason;

        public void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed)
        {
        }

        public void OnSnapshotFailed(string path, Exception exception) => throw new InvalidOperationException("the snapshot was not written", exception);

        public void OnUnprojected(string projection, long sequence, Exception exception)
        {
        }

        public void OnApplied(long position, int events, TimeSpan elapsed)
        {
        }

        public void OnReadTimedOut(long wanted, long applied)
        {
        }
    }
}
