using Microsoft.Extensions.Options;
using Observability.Analytics.Windows;
using Observability.Projections;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Webhooks;

/// <summary>One <see cref="WebhookReaction"/> per URL of <c>Webhooks:Urls</c>, sharing one sender.</summary>
internal static class WebhookReactions
{
    public static IReadOnlyList<IReaction> Create(IServiceProvider provider)
    {
        var settings = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;

        // Registered with or without receivers: the families are there from the first scrape.
        var metrics = provider.GetRequiredService<WebhookMetrics>();
        if (settings.Urls.Count == 0)
        {
            return [];
        }

        byte[]? key = null;
        if (settings.Secret is { } secret && !WebhookSignature.TryParseSecret(secret, out key, out var problem))
        {
            throw new InvalidOperationException($"{WebhookOptions.Section}:Secret {problem}");
        }

        var time = provider.GetRequiredService<TimeProvider>();
        var logger = provider.GetRequiredService<ILogger<WebhookReaction>>();
        var handle = provider.GetRequiredService<EventLogHandle>();
        var data = provider.GetRequiredService<IOptions<SidecarOptions>>().Value.DataDirectory;
        var crossings = new HostCrossings(
            provider.GetRequiredService<ProjectionHost>(), provider.GetRequiredService<StoredCrossingsView>(), new CrossingLog(Path.Combine(data, "events")));
        var sender = new WebhookSender(key, TimeSpan.FromSeconds(settings.TimeoutSeconds), time);
        var schedule = RetrySchedule.From(settings);
        var poll = TimeSpan.FromSeconds(settings.PollSeconds);
        var directory = Path.Combine(data, "webhooks");
        return [.. settings.Urls.Select((url, index) =>
        {
            var uri = new Uri(url, UriKind.Absolute);
            var label = WebhookMetrics.Label(index);
            return (IReaction)new WebhookReaction(
                label,
                () => new ReceiverLoop(label, uri, new DeliveryPositionStore(directory, uri), sender, schedule, metrics, time, poll, logger),
                crossings,
                handle,
                poll,
                time,
                logger);
        })];
    }
}
