using Observability.Analytics;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Keeps the analytics views caught up with the event log: once replay is done it reads what was appended every
/// <see cref="Interval"/>, so threshold crossings are noticed without a query. Queries catch up on their own too
/// (<see cref="AnalyticsFeed.Read{T}"/>), so an answer always covers every acknowledged event.
/// </summary>
internal sealed class AnalyticsService(SidecarState state, AnalyticsFeed feed, TimeProvider time, ILogger<AnalyticsService> logger)
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
                if (state.Log is not { } log)
                {
                    continue;
                }

                try
                {
                    // Bounded by the log's next sequence: a catch-up that finds nothing new would still scan the last segment.
                    feed.CatchUp(log.Status.NextSequence);
                }
                catch (IOException e)
                {
                    Log.AnalyticsCatchUpFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
