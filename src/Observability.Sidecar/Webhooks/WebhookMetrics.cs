using Observability.Metrics;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// The webhooks' self-metrics, labelled by <c>receiver</c>: the index of the URL in <c>Webhooks:Urls</c> (a bounded set
/// known at start, never the URL, which may hold tokens). Every receiver's series exist at 0 from the first scrape.
/// </summary>
internal sealed class WebhookMetrics
{
    public const string Delivered = "delivered";
    public const string DeadLettered = "dead_lettered";
    public const string Success = "success";
    public const string Failure = "failure";

    private readonly CounterFamily _deliveries;
    private readonly CounterFamily _attempts;
    private readonly GaugeFamily _pending;
    private readonly GaugeFamily _oldestAge;
    private readonly ComponentState? _health;

    /// <param name="registry">Where the families are registered.</param>
    /// <param name="receivers">How many URLs <c>Webhooks:Urls</c> holds.</param>
    /// <param name="health">Where <c>/health</c> reads the webhooks' state: up after a 2xx, degraded after a failure.</param>
    public WebhookMetrics(MetricRegistry registry, int receivers, ComponentState? health = null)
    {
        _health = health;
        ArgumentNullException.ThrowIfNull(registry);
        var labels = Enumerable.Range(0, receivers).Select(Label).ToArray();
        _deliveries = registry.CreateCounter(
            "webhook_deliveries_total",
            "Threshold crossings whose webhook delivery finished, by receiver and outcome: delivered (answered 2xx) or dead_lettered (given up after Webhooks:MaxRetryHours of failures).",
            new MetricOptions { LabelNames = ["receiver", "outcome"], KnownLabelSets = labels.SelectMany(r => new[] { new[] { r, Delivered }, [r, DeadLettered] }) });
        _attempts = registry.CreateCounter(
            "webhook_attempts_total",
            "Webhook POSTs of threshold crossings by receiver and result: success (2xx) or failure (any other status, no answer, timeout); each failure is retried.",
            new MetricOptions { LabelNames = ["receiver", "result"], KnownLabelSets = labels.SelectMany(r => new[] { new[] { r, Success }, [r, Failure] }) });
        _pending = registry.CreateGauge(
            "webhook_pending_crossings",
            "Threshold crossings in the event log after the receiver's delivery position: stored, not yet delivered.",
            new MetricOptions { LabelNames = ["receiver"], KnownLabelSets = labels.Select(r => new[] { r }) });
        _oldestAge = registry.CreateGauge(
            "webhook_oldest_pending_age_seconds",
            "Seconds since the oldest crossing not yet delivered to the receiver was first seen pending; 0 when none is.",
            new MetricOptions { LabelNames = ["receiver"], KnownLabelSets = labels.Select(r => new[] { r }) });
    }

    /// <summary>The <c>receiver</c> label of the URL at <paramref name="index"/>.</summary>
    public static string Label(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Attempted(string receiver, bool success) => _attempts.WithLabels(receiver, success ? Success : Failure).Inc();

    /// <summary>Reports one attempt's result to <c>/health</c>; <paramref name="server"/> is the URL without its path or credentials.</summary>
    public void Reported(string receiver, string server, AttemptResult result, DateTimeOffset at) => _health?.Set(
        result.Delivered ? ServiceStates.Up : ServiceStates.Degraded,
        result.Delivered ? null : $"receiver {receiver} ({server}): the last attempt failed at {at:O} ({result.Outcome}); it is retried");

    public void Finished(string receiver, bool delivered) => _deliveries.WithLabels(receiver, delivered ? Delivered : DeadLettered).Inc();

    public void Pending(string receiver, long count, double oldestAgeSeconds)
    {
        _pending.WithLabels(receiver).Set(count);
        _oldestAge.WithLabels(receiver).Set(oldestAgeSeconds);
    }
}
