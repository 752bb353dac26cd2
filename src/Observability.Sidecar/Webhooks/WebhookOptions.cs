namespace Observability.Sidecar.Webhooks;

/// <summary>
/// The <c>Webhooks</c> configuration section: where threshold crossings are POSTed, how they are signed, and how long
/// a receiver that does not answer 2xx is retried before a crossing is given up (dead-lettered).
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Webhooks";

    /// <summary>Default time one POST may take before it counts as a failed attempt: 15 s (Standard Webhooks: 15-30 s).</summary>
    public const double DefaultTimeoutSeconds = 15;

    /// <summary>Default delay before the first retry; it doubles on each further failure of the same crossing: 5 s.</summary>
    public const double DefaultBaseDelaySeconds = 5;

    /// <summary>Default longest delay between two attempts, which bounds how late a recovered receiver hears again: 10 min.</summary>
    public const double DefaultMaxDelaySeconds = 600;

    /// <summary>
    /// Default time a receiver may keep failing before the crossing it fails on is dead-lettered: 72 h, Stripe's three
    /// days and the span of Standard Webhooks' example schedule.
    /// </summary>
    public const double DefaultMaxRetryHours = 72;

    /// <summary>Default delay between two looks at the log for new crossings: 1 s.</summary>
    public const double DefaultPollSeconds = 1;

    /// <summary>Absolute http(s) URLs every <c>threshold:crossed</c> event of the log is POSTed to as JSON. Default none (off).</summary>
    public IList<string> Urls { get; init; } = [];

    /// <summary>
    /// Standard Webhooks signing secret, <c>whsec_</c> followed by 24 to 64 random bytes in base64. When set, every POST
    /// carries <c>webhook-signature: v1,&lt;HMAC-SHA256&gt;</c>. Default none (unsigned).
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Per-attempt timeout. Default <see cref="DefaultTimeoutSeconds"/>.</summary>
    public double TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>First retry delay (exponential backoff with jitter). Default <see cref="DefaultBaseDelaySeconds"/>.</summary>
    public double BaseDelaySeconds { get; set; } = DefaultBaseDelaySeconds;

    /// <summary>Cap on the delay between attempts. Default <see cref="DefaultMaxDelaySeconds"/>.</summary>
    public double MaxDelaySeconds { get; set; } = DefaultMaxDelaySeconds;

    /// <summary>How long a receiver may fail before crossings are dead-lettered. Default <see cref="DefaultMaxRetryHours"/>.</summary>
    public double MaxRetryHours { get; set; } = DefaultMaxRetryHours;

    /// <summary>How often an idle receiver's loop looks for new crossings. Default <see cref="DefaultPollSeconds"/>.</summary>
    public double PollSeconds { get; set; } = DefaultPollSeconds;
}
