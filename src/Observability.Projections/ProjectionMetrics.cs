using Observability.Metrics;

namespace Observability.Projections;

/// <summary>
/// The host's self-metrics: what start-up replayed or restored, events a projection failed on, and live application
/// (the position applied, the events waiting, the time per batch, reads that could not wait for their events). Passes
/// every report on to the next observer (the host's log lines).
/// </summary>
public sealed class ProjectionMetrics : IProjectionObserver
{
    private static readonly double[] ApplyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
    private readonly IProjectionObserver? _next;
    private readonly Counter _replayed;
    private readonly Counter _unreplayable;
    private readonly Counter _unprojected;
    private readonly Gauge _snapshotRecords;
    private readonly MetricRegistry _registry;
    private readonly Histogram _applySeconds;
    private readonly Counter _readTimeouts;

    /// <param name="registry">Where the families are registered.</param>
    /// <param name="next">Who else hears every report; optional.</param>
    public ProjectionMetrics(MetricRegistry registry, IProjectionObserver? next = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _next = next;
        _replayed = registry.CreateCounter("events_replayed_total", "Events rebuilt from the event log at start.").Unlabelled;
        _snapshotRecords = registry.CreateGauge(
            "state_snapshot_records", "Log records whose derived state the start restored from the state snapshot instead of replaying them; 0 when it replayed the whole log.").Unlabelled;
        _unreplayable = registry.CreateCounter(
            "events_unreplayable_total", "Stored records that could not be replayed (not an event the one reader can read).").Unlabelled;
        _unprojected = registry.CreateCounter(
            "events_unprojected_total",
            "Stored events a projection failed on (a mapping or derivation fault); they stay in the log and are projected again at the next start that replays them.").Unlabelled;
        _applySeconds = registry.CreateHistogram(
            "projection_apply_duration_seconds", "Time the projection host took to apply one durable batch of live events to every view.", ApplyBuckets).Unlabelled;
        _readTimeouts = registry.CreateCounter(
            "projection_read_timeouts_total",
            "Queries and scrapes that waited the longest allowed for the projection host to apply every acknowledged event and were answered without the last ones.").Unlabelled;
    }

    /// <summary>Reports <paramref name="host"/>'s position and backlog at each scrape.</summary>
    public void Observe(ProjectionHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var position = _registry.CreateGauge(
            "projection_applied_records", "The projection host's position: log records applied to every derived view (the next sequence it will apply).").Unlabelled;
        var waiting = _registry.CreateGauge(
            "projection_backlog_events", "Durable events handed to the projection host and not yet applied (how far the derived views trail the log).").Unlabelled;
        _registry.AddCollectCallback(() =>
        {
            position.Set(host.Applied);
            waiting.Set(host.Backlog);
        });
    }

    /// <inheritdoc />
    public void OnReplayed(int events, long unreadable)
    {
        _replayed.Inc(events);
        _unreplayable.Inc(unreadable);
        _next?.OnReplayed(events, unreadable);
    }

    /// <inheritdoc />
    public void OnRestored(long records, string path)
    {
        _snapshotRecords.Set(records);
        _next?.OnRestored(records, path);
    }

    /// <inheritdoc />
    public void OnSnapshotUnused(string path, string reason) => _next?.OnSnapshotUnused(path, reason);

    /// <inheritdoc />
    public void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed) => _next?.OnSnapshotWritten(path, records, bytes, elapsed);

    /// <inheritdoc />
    public void OnSnapshotFailed(string path, Exception exception) => _next?.OnSnapshotFailed(path, exception);

    /// <inheritdoc />
    public void OnUnprojected(string projection, long sequence, Exception exception)
    {
        _unprojected.Inc();
        _next?.OnUnprojected(projection, sequence, exception);
    }

    /// <inheritdoc />
    public void OnApplied(long position, int events, TimeSpan elapsed)
    {
        _applySeconds.Observe(elapsed.TotalSeconds);
        _next?.OnApplied(position, events, elapsed);
    }

    /// <inheritdoc />
    public void OnReadTimedOut(long wanted, long applied)
    {
        _readTimeouts.Inc();
        _next?.OnReadTimedOut(wanted, applied);
    }
}
