using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// Drives threshold-crossing webhooks from the event log: once replay is done, one <see cref="ReceiverLoop"/> per URL
/// of <c>Webhooks:Urls</c>, each with its own durable position under <c>{data}/webhooks/</c>. Crossings are stored in
/// the log by the rolling windows (or posted by a client) as <c>threshold:crossed</c> events; whatever stored them,
/// every receiver gets each of them at least once, in log order.
/// </summary>
internal sealed class WebhookDeliveryService(
    SidecarState state,
    IOptions<WebhookOptions> options,
    IOptions<SidecarOptions> sidecar,
    WebhookMetrics metrics,
    TimeProvider time,
    ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Urls.Count == 0)
        {
            return;
        }

        var poll = TimeSpan.FromSeconds(settings.PollSeconds);
        try
        {
            // Not before replay is done: a new receiver starts where replay ended, and records before it are final.
            while (state.Log is null)
            {
                if (state.OpenError is not null)
                {
                    return;
                }

                await Task.Delay(poll, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var log = state.Log;
        byte[]? key = null;
        if (settings.Secret is { } secret && !WebhookSignature.TryParseSecret(secret, out key, out var problem))
        {
            throw new InvalidOperationException($"{WebhookOptions.Section}:Secret {problem}");
        }

        using var sender = new WebhookSender(key, TimeSpan.FromSeconds(settings.TimeoutSeconds), time);
        var schedule = RetrySchedule.From(settings);
        var directory = Path.Combine(sidecar.Value.DataDirectory, "webhooks");
        var loops = settings.Urls.Select((url, index) =>
        {
            var uri = new Uri(url, UriKind.Absolute);
            return new ReceiverLoop(
                WebhookMetrics.Label(index), uri, new DeliveryPositionStore(directory, uri), sender, schedule, metrics, time, poll, logger);
        }).ToList();

        // Each receiver on its own: a slow one never holds another back.
        await Task.WhenAll(loops.Select(loop =>
            Task.Run(() => loop.RunAsync(log.Directory, state.OpenedAtSequence, () => log.Status.NextSequence, stoppingToken), CancellationToken.None)))
            .ConfigureAwait(false);
    }
}
