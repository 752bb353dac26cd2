using Observability.Projections;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// Threshold-crossing webhooks to one receiver as a reaction: the <see cref="ReceiverLoop"/> delivers the stored
/// crossings the projection host has applied (whoever stored them), at least once and in log order, from the receiver's
/// durable position under <c>{data}/webhooks/</c>. A new receiver starts where start-up's replay ended.
/// </summary>
internal sealed class WebhookReaction(
    string receiver, Func<ReceiverLoop> create, ICrossingSource crossings, EventLogHandle handle, TimeSpan poll, TimeProvider time, ILogger logger)
    : IReaction
{
    public string Name => $"webhook-{receiver}";

    // A loop that fails for a reason nobody foresaw starts again from its saved position after a pause, instead of
    // ending delivery to that receiver.
    public async Task RunAsync(ProjectionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var pause = poll * 10;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await create().RunAsync(crossings, handle.OpenedAtSequence, () => host.Applied, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.WebhookLoopFailed(logger, receiver, pause.TotalSeconds, e);
            }

            try
            {
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
