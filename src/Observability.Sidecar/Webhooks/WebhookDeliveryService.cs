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
        EventLog.EventLog? log;
        try
        {
            // Not before replay is done: a new receiver starts where replay ended, and records before it are final.
            while ((log = state.Log) is null)
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

        byte[]? key = null;
        if (settings.Secret is { } secret && !WebhookSignature.TryParseSecret(secret, out key, out var problem))
        {
            throw new InvalidOperationException($"{WebhookOptions.Section}:Secret {problem}");
        }

        using var sender = new WebhookSender(key, TimeSpan.FromSeconds(settings.TimeoutSeconds), time);
        var schedule = RetrySchedule.From(settings);
        var directory = Path.Combine(sidecar.Value.DataDirectory, "webhooks");
        var receivers = settings.Urls.Select((url, index) =>
        {
            var uri = new Uri(url, UriKind.Absolute);
            var label = WebhookMetrics.Label(index);
            return (Label: label, Create: (Func<ReceiverLoop>)(() => new ReceiverLoop(
                label, uri, new DeliveryPositionStore(directory, uri), sender, schedule, metrics, time, poll, logger)));
        }).ToList();

        // Each receiver on its own: a slow one never holds another back.
        await Task.WhenAll(receivers.Select(r =>
            Task.Run(() => KeepRunningAsync(r.Label, r.Create, log, poll, stoppingToken), CancellationToken.None)))
            .ConfigureAwait(false);
    }

    // A loop that fails for a reason nobody foresaw starts again from its saved position after a pause, instead of
    // stopping the host (the default for a faulted background service) or ending delivery to that receiver.
    private async Task KeepRunningAsync(string receiver, Func<ReceiverLoop> create, EventLog.EventLog log, TimeSpan poll, CancellationToken stoppingToken)
    {
        var pause = poll * 10;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await create().RunAsync(log.Directory, state.OpenedAtSequence, () => log.Status.NextSequence, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.WebhookLoopFailed(logger, receiver, pause.TotalSeconds, e);
            }

            try
            {
                await Task.Delay(pause, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
