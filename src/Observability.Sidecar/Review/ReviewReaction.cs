using Microsoft.Extensions.Options;
using Observability.Ingestion;
using Observability.Projections;
using Observability.Review;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Review;

/// <summary>
/// The review's schedule: a run every <c>Review:IntervalSeconds</c> (default 300) on the <see cref="TimeProvider"/>'s
/// clock, the first one interval after start. Its position is the log itself: every run compares what holds now with the
/// findings folded from the log, so there is nothing to remember between runs or across restarts.
/// </summary>
internal sealed class ReviewReaction(ReviewRunner runner, IOptions<ReviewOptions> options, TimeProvider time, ILogger<ReviewReaction> logger) : IReaction
{
    public string Name => "review";

    public async Task RunAsync(ProjectionHost host, CancellationToken cancellationToken)
    {
        var interval = options.Value.IntervalSeconds;
        if (interval <= 0)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(interval), time, cancellationToken).ConfigureAwait(false);
            try
            {
                await runner.RunAsync(ReviewTriggers.Schedule, cancellationToken).ConfigureAwait(false);
            }
            catch (EventLogUnavailableException e)
            {
                Log.ReviewSkipped(logger, e);
            }
        }
    }
}
