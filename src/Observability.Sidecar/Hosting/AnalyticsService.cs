using Observability.Analytics;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Keeps the analytics views caught up with the event log: once replay is done it reads what was appended every
/// <see cref="Interval"/>, so threshold crossings are noticed without a query. Queries catch up on their own too
/// (<see cref="AnalyticsFeed.Read{T}"/>), so an answer always covers every acknowledged event.
/// </summary>
internal sealed class AnalyticsService(SidecarState state, AnalyticsFeed feed, ServiceStates services, TimeProvider time, ILogger<AnalyticsService> logger)
    : BackgroundService
{
    /// <summary>How often the log is polled for new records.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // Not before replay is done: the first catch-up reads the whole log and must not compete with it.
                // Nor when nothing was appended: finding that out from the files costs a scan of the last segment.
                if (state.Log is not { } log)
                {
                    continue;
                }

                if (log.Status.NextSequence <= feed.NextSequence)
                {
                    services.Analytics.Set(ServiceStates.Up);
                    continue;
                }

                try
                {
                    feed.CatchUp();
                    services.Analytics.Set(ServiceStates.Up);
                }
                catch (IOException e)
                {
                    Log.AnalyticsCatchUpFailed(logger, e);
                    services.Analytics.Set(ServiceStates.Degraded, $"could not read the event log: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
