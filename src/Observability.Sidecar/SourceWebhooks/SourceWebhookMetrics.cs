using Observability.Metrics;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// <c>source_webhook_deliveries_total{source,event,outcome}</c>: GitHub and GitLab deliveries by what became of them.
/// <c>event</c> is one of a fixed set per source (anything else is <c>other</c>), so the labels stay bounded whatever a
/// sender puts in its event header; the mapped events' outcomes exist at 0 from the first scrape.
/// </summary>
internal sealed class SourceWebhookMetrics
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
    public const string Unauthorized = "unauthorized";
    public const string Malformed = "malformed";
    public const string Other = "other";

    /// <summary>GitHub's <c>X-GitHub-Event</c> values that are labels of their own.</summary>
    public static readonly IReadOnlySet<string> GitHubEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "pull_request", "pull_request_review", "workflow_run", "workflow_job", "deployment_status", "ping",
    };

    /// <summary>GitLab's <c>X-Gitlab-Event</c> values that are labels of their own, and their label.</summary>
    public static readonly IReadOnlyDictionary<string, string> GitLabEvents = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Merge Request Hook"] = "merge_request",
        ["Pipeline Hook"] = "pipeline",
        ["Job Hook"] = "job",
        ["Deployment Hook"] = "deployment",
    };

    private static readonly string[] Outcomes = [Accepted, Duplicate, Ignored, Rejected];

    private readonly CounterFamily _deliveries;

    public SourceWebhookMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var known = GitHubEvents.Select(e => ("github", e)).Concat(GitLabEvents.Values.Select(e => ("gitlab", e)))
            .SelectMany(p => Outcomes.Select(o => new[] { p.Item1, p.Item2, o }))
            .Concat([["github", Other, Ignored], ["gitlab", Other, Ignored], ["github", Other, Unauthorized], ["gitlab", Other, Unauthorized]]);
        _deliveries = registry.CreateCounter(
            "source_webhook_deliveries_total",
            "GitHub and GitLab webhook deliveries by source, event (a fixed set, else other) and outcome: accepted (its events stored), duplicate (a delivery id already stored), ignored (no rule maps it), rejected (a mapped event failed validation), unauthorized (401: signature or token missing or wrong), malformed (400).",
            new MetricOptions { LabelNames = ["source", "event", "outcome"], KnownLabelSets = known });
    }

    /// <summary>The bounded <c>event</c> label of a GitHub event header.</summary>
    public static string GitHubLabel(string? header) => header is not null && GitHubEvents.Contains(header) ? header : Other;

    /// <summary>The bounded <c>event</c> label of a GitLab event header.</summary>
    public static string GitLabLabel(string? header) => header is not null && GitLabEvents.TryGetValue(header, out var label) ? label : Other;

    public void Count(string source, string eventLabel, string outcome) => _deliveries.WithLabels(source, eventLabel, outcome).Inc();
}
