using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.Ingestion;
using Observability.Ingestion.Batches;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Keeps the rolling windows' gauges current and stores their threshold crossings: after each catch-up it publishes the
/// snapshot to <c>/metrics</c>, takes the crossings the view queued and appends them through the ingestion pipeline
/// (so they are validated, durable and projected like any event). A crossing re-derived after a restart has the same
/// id and comes back as a duplicate. The webhooks read the stored crossings from the log
/// (<see cref="Webhooks.WebhookDeliveryService"/>).
/// </summary>
internal sealed class WindowsService(
    SidecarState state,
    AnalyticsFeed feed,
    WindowsView view,
    WindowsMetrics metrics,
    TimeProvider time,
    ILogger<WindowsService> logger) : BackgroundService
{
    private readonly List<ThresholdCrossing> _unstored = [];
    private long _publishedVersion = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AnalyticsService.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // Not before replay is done: crossings can only be stored once the log is open.
                if (state.Log is not { } log || state.Stopping)
                {
                    continue;
                }

                try
                {
                    await TickAsync(log.Status.NextSequence, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Never let a bad tick stop the host: the next tick catches up from where this one stopped.
                    Log.WindowsCatchUpFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; crossings not stored yet are derived again at the next start.
        }
    }

    private async Task TickAsync(long nextSequence, CancellationToken cancellationToken)
    {
        // Bounded by the log's next sequence: when nothing was appended this reads no file at all.
        feed.CatchUp(nextSequence);
        var (crossings, snapshot, version) = feed.Read(() => (view.DrainCrossings(), view.Snapshot(), feed.Version), catchUp: false);
        if (version != _publishedVersion)
        {
            metrics.Publish(snapshot);
            _publishedVersion = version;
        }

        _unstored.AddRange(crossings);
        if (_unstored.Count == 0)
        {
            return;
        }

        // At most as many as an answer lists item by item; the rest go in the next ticks.
        var stored = Math.Min(_unstored.Count, BatchResult.MaxListedItems);
        var items = _unstored.Take(stored).Select((c, i) => new BatchItem(i, c.ToEventJson(), null)).ToList();
        BatchResult result;
        try
        {
            result = await state.Pipeline.IngestAsync(items, cancellationToken).ConfigureAwait(false);
        }
        catch (EventLogUnavailableException e)
        {
            Log.CrossingsNotStored(logger, _unstored.Count, e);
            return;
        }

        for (var i = 0; i < stored; i++)
        {
            var crossing = _unstored[i];
            var item = result.Items[i];
            switch (item.Status)
            {
                case ItemResult.Accepted:
                    Log.ThresholdCrossed(logger, crossing.Threshold, crossing.Direction, crossing.Project, crossing.Value, crossing.N, crossing.Window, crossing.EventId);
                    break;
                case ItemResult.Rejected:
                    Log.CrossingRejected(logger, crossing.EventId, item.Field, item.Reason);
                    break;
                default:
                    // Already in the log: derived again from the same merges after a restart.
                    break;
            }
        }

        _unstored.RemoveRange(0, stored);
    }
}
