namespace Observability.Proposals;

/// <summary>
/// The <c>Proposals</c> configuration section: which findings become proposals, whether they wait for a person, and
/// the trackers they are delivered to. Validated at start in the host; each failure names its setting.
/// </summary>
internal sealed class ProposalsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Proposals";

    /// <summary>Default lowest severity that proposes a task: warning (info findings are only shown).</summary>
    public const string DefaultMinSeverity = Severity.Warning;

    /// <summary>Default cap on deliveries per tracker in any hour: 20, so a burst of findings cannot flood a tracker.</summary>
    public const int DefaultMaxDeliveriesPerHour = 20;

    /// <summary>The lowest severity (<c>info</c>, <c>warning</c>, <c>critical</c>) of a finding that proposes a task.</summary>
    public string MinSeverity { get; set; } = DefaultMinSeverity;

    /// <summary>True: proposals are approved as they appear and delivered without waiting for a person. Default false.</summary>
    public bool Autonomous { get; set; }

    /// <summary>The sidecar's address as people reach it, for absolute links in delivered proposals; relative links when unset.</summary>
    public string? LinkBaseUrl { get; set; }

    /// <summary>Deliveries per tracker within any hour, at most. Default <see cref="DefaultMaxDeliveriesPerHour"/>.</summary>
    public int MaxDeliveriesPerHour { get; set; } = DefaultMaxDeliveriesPerHour;

    /// <summary>First retry delay after a failed delivery (exponential backoff with jitter); default 5 s.</summary>
    public double BaseDelaySeconds { get; set; } = 5;

    /// <summary>Cap on the delay between attempts; default 600 s.</summary>
    public double MaxDelaySeconds { get; set; } = 600;

    /// <summary>Per-request timeout; default 15 s.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>The generic JSON webhook: every approved proposal is POSTed to it, signed like the threshold webhooks.</summary>
    public WebhookTrackerOptions Webhook { get; set; } = new();

    /// <summary>GitHub Issues: one issue per approved proposal.</summary>
    public GitHubTrackerOptions GitHub { get; set; } = new();
}

/// <summary>The <c>Proposals:Webhook</c> section.</summary>
internal sealed class WebhookTrackerOptions
{
    /// <summary>An absolute http(s) URL; off when unset.</summary>
    public string? Url { get; set; }

    /// <summary>A Standard Webhooks <c>whsec_</c> secret; unsigned when unset.</summary>
    public string? Secret { get; set; }
}

/// <summary>The <c>Proposals:GitHub</c> section.</summary>
internal sealed class GitHubTrackerOptions
{
    /// <summary>Default API root: github.com's. GitHub Enterprise Server's is <c>https://HOST/api/v3</c>.</summary>
    public const string DefaultBaseUrl = "https://api.github.com";

    /// <summary>Default label of the issues the sidecar opens.</summary>
    public const string DefaultLabel = "agentobs-proposal";

    /// <summary>The REST API root.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The repository's owner; GitHub delivery is off unless Owner, Repository and Token are all set.</summary>
    public string? Owner { get; set; }

    /// <summary>The repository's name.</summary>
    public string? Repository { get; set; }

    /// <summary>A token with Issues write access, sent as <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; set; }

    /// <summary>Labels of every issue opened; the first is how the sidecar finds its issues again. Default one: <see cref="DefaultLabel"/>.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>True when the section asks for delivery.</summary>
    public bool Enabled => Owner is not null || Repository is not null || Token is not null;

    /// <summary>The labels, the default when none is configured.</summary>
    public IReadOnlyList<string> EffectiveLabels => Labels.Count > 0 ? Labels : [DefaultLabel];
}
