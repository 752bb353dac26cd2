using Microsoft.Extensions.Options;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// The sidecar's own components as <c>/health</c> lists them under <c>services</c>: the event log, the analytics views
/// and the threshold webhooks, each with a state and, when there is something to say, a detail. Liveness never depends
/// on them; readiness has its own checks.
/// </summary>
internal sealed class ServiceStates(EventLogHandle sidecar, IOptions<WebhookOptions> webhooks)
{
    /// <summary>Working.</summary>
    public const string Up = "up";

    /// <summary>Rebuilding from the event log at start; not serving yet.</summary>
    public const string Replaying = "replaying";

    /// <summary>Running, but its last operation failed (it retries).</summary>
    public const string Degraded = "degraded";

    /// <summary>Could not start; the detail says why.</summary>
    public const string Failed = "failed";

    /// <summary>Not configured.</summary>
    public const string Disabled = "disabled";


    /// <summary>Webhook deliveries report here; disabled when no URL is configured.</summary>
    public ComponentState Webhooks { get; } = new(webhooks.Value.Urls.Count == 0 ? Disabled : Up);

    /// <summary>Every component's current state, by its name in <c>/health</c>.</summary>
    public IReadOnlyDictionary<string, ComponentReading> Read() => new Dictionary<string, ComponentReading>(StringComparer.Ordinal)
    {
        ["event_log"] = EventLog(),
        ["analytics"] = sidecar.Log is not null ? new ComponentReading(Up, null)
            : sidecar.OpenError is not null ? new ComponentReading(Failed, "the event log could not be opened")
            : new ComponentReading(Replaying, null),
        ["webhooks"] = Webhooks.Current,
    };

    private ComponentReading EventLog()
    {
        if (sidecar.Log is { } log)
        {
            var status = log.Status;
            return status.IsWritable ? new ComponentReading(Up, null) : new ComponentReading(Degraded, $"the last write failed: {status.LastWriteError}");
        }

        return sidecar.OpenError is { } error ? new ComponentReading(Failed, error) : new ComponentReading(Replaying, null);
    }
}
