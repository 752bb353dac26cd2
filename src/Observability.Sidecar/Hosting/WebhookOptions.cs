namespace Observability.Sidecar.Hosting;

/// <summary>The <c>Webhooks</c> configuration section: where threshold crossings are POSTed, and how hard to try.</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Webhooks";

    /// <summary>Default time one POST may take before it counts as failed: 5 s.</summary>
    public const double DefaultTimeoutSeconds = 5;

    /// <summary>Default retries after a failed POST (5xx, 429, no answer, timeout): 3.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Default first retry delay; it doubles on each retry (exponential backoff): 0.5 s.</summary>
    public const double DefaultBaseDelaySeconds = 0.5;

    /// <summary>Default time the circuit stays open after too many failures, rejecting POSTs outright: 30 s.</summary>
    public const double DefaultBreakSeconds = 30;

    /// <summary>Default crossings waiting for delivery; beyond it new ones are counted as failed: 1000.</summary>
    public const int DefaultQueueCapacity = 1000;

    /// <summary>Absolute http(s) URLs each new crossing is POSTed to as JSON. Default none (webhooks off).</summary>
    public IList<string> Urls { get; init; } = [];

    /// <summary>Per-attempt timeout. Default <see cref="DefaultTimeoutSeconds"/>.</summary>
    public double TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>Retries after the first attempt. Default <see cref="DefaultMaxRetries"/>.</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>First backoff delay. Default <see cref="DefaultBaseDelaySeconds"/>.</summary>
    public double BaseDelaySeconds { get; set; } = DefaultBaseDelaySeconds;

    /// <summary>How long an open circuit rejects. Default <see cref="DefaultBreakSeconds"/>.</summary>
    public double BreakSeconds { get; set; } = DefaultBreakSeconds;

    /// <summary>Delivery queue capacity. Default <see cref="DefaultQueueCapacity"/>.</summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;
}
