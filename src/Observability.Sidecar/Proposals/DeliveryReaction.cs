using Observability.Projections;
using Observability.Proposals;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Reactions;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// Delivers approved proposals to one tracker, at least once, in the order they were approved. The log is the durable
/// position: a proposal is undelivered until its <c>proposal:delivered:&lt;tracker&gt;:&lt;id&gt;</c> event is applied,
/// so after a crash anything not recorded is delivered again (GitHub's marker check and the webhook's stable message id
/// make that harmless). A failure is retried with the threshold webhooks' backoff (exponential, jittered, capped,
/// <c>Retry-After</c> as a floor); at most <c>Proposals:MaxDeliveriesPerHour</c> deliveries in any hour, counted from
/// the recorded deliveries, so the cap holds across restarts.
/// </summary>
internal sealed class DeliveryReaction(
    IProposalTracker tracker, ProposalsProjection proposals, ProposalEventWriter store, EventLogHandle handle, ReactionHold hold, RetrySchedule schedule,
    int maxPerHour, string? linkBaseUrl, ProposalMetrics metrics, TimeProvider time, ILogger logger)
    : IReaction
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public string Name => $"proposals-{tracker.Name}";

    public async Task RunAsync(ProjectionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var applied = host.Applied;
            var now = time.GetUtcNow();
            var (head, recent) = host.Read(() => (
                proposals.Undelivered(tracker.Name, 1) is [var first] ? ProposalAnswer.From(first, linkBaseUrl) : null,
                proposals.DeliveredSince(tracker.Name, now - Hour)));
            if (head is null || handle.Log is not { } log || handle.Stopping)
            {
                await host.WaitForAsync(applied + 1, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (recent.Count >= maxPerHour)
            {
                // The oldest delivery that keeps the hour full has to age out first.
                var wait = recent[recent.Count - maxPerHour] + Hour - now;
                Log.ProposalDeliveryDeferred(logger, tracker.Name, maxPerHour, wait.TotalSeconds);
                await Task.Delay(wait > TimeSpan.Zero ? wait : RetryDelay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = await tracker.DeliverAsync(head, cancellationToken).ConfigureAwait(false);
            if (!result.Done)
            {
                failures++;
                metrics.Counted(tracker.Name, TrackerResult.Failed);
                var delay = schedule.Delay(failures, result.RetryAfter);
                Log.ProposalDeliveryFailed(logger, head.Id, tracker.Name, tracker.Server, result.Outcome, failures, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            metrics.Counted(tracker.Name, result.Outcome);
            var delivered = ProposalEvents.Delivery(tracker.Name, head.Id, result.Outcome, result.IssueNumber, result.Url, time.GetUtcNow());
            while (await store.StoreAsync([delivered], cancellationToken).ConfigureAwait(false) is null)
            {
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }

            Log.ProposalDelivered(logger, head.Id, tracker.Name, result.Outcome, result.Url ?? (result.IssueNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "2xx"));
            await host.WaitForAsync(log.Status.NextSequence, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }
}
