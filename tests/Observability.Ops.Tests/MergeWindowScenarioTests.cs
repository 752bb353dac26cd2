using System.Text.Json.Nodes;
using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// Seed 004's part of the live scenario: merges posted to the real sidecar drive its count-window gauges (issue 4),
/// the window alerts fire in Prometheus and reach Alertmanager, and the merge dashboard's queries return data.
/// </summary>
public sealed class MergeWindowScenarioTests
{
    /// <summary>The seed-004 gauges issue 4 adds (branch issue4-windows).</summary>
    public static readonly string[] Issue4Gauges =
    [
        "agentobs_first_pass_merge_rate", "agentobs_rebase_conflict_rate", "agentobs_attempts_to_merge_p95",
        "agentobs_merge_window_samples", "agentobs_merge_window_size", "agentobs_merge_window_fallback",
        "agentobs_trust_lost", "agentobs_scope_tightened", "agentobs_threshold_crossings_total", "agentobs_webhook_deliveries_total",
        "agentobs_webhook_attempts_total", "agentobs_webhook_pending_crossings", "agentobs_webhook_oldest_pending_age_seconds",
    ];

    private static readonly string[] WindowAlerts =
        ["AgentObsTrustLost", "AgentObsFirstPassMergeRateBelowTarget", "AgentObsScopeTightened", "AgentObsRebaseConflictRateAboveTarget"];

    private const string WebhookAlert = "AgentObsThresholdWebhookFailing";

    public static bool ReferencesIssue4Gauges(string expr) => RuleFile.MetricNames(expr).Any(n => Issue4Gauges.Contains(n));

    [Fact]
    public async Task SidecarExposition_HasEveryIssue4Gauge()
    {
        using var directory = new TempDirectory("issue4-names");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var families = (await sidecar.ScrapeAsync()).Families.Keys.ToHashSet(StringComparer.Ordinal);
        Assert.All(Issue4Gauges, g => Assert.Contains(g, families));
    }

    [Fact]
    public async Task Scenario_HealthyMergesThenFailingMerges_WindowAlertsFireOnlyWhenTheyShould()
    {
        // Crossings are POSTed to a port nobody listens on: every attempt fails (connection refused) and is retried.
        await using var stack = await OpsStack.StartSidecarAsync(
            "--Webhooks:Urls:0", $"http://127.0.0.1:{FreePort.Next()}/crossings", "--Webhooks:BaseDelaySeconds", "0.5");
        await stack.StartMonitoringAsync();

        // Healthy: 120 first-pass merges fill both windows (50 and 100) with good outcomes.
        await PostMergesAsync(stack.Sidecar, count: 120, attempts: 1, verdict: "approved");
        await stack.UntilAsync("the window gauges", async () =>
        {
            var rates = await stack.QueryAsync("agentobs_first_pass_merge_rate{project=\"damascus\"} == 1 and on (project) agentobs_rebase_conflict_rate == 0");
            return (rates.Count == 1, $"{rates.Count} samples");
        }, TimeSpan.FromSeconds(20));
        // Any window alert these merges could cause is pending or firing once the rules have run a hold (and as long
        // again to spare) after Prometheus had the gauges.
        var gaugesSeen = await PrometheusProgress.NowAsync(stack);
        await PrometheusProgress.UntilEvaluatedAfterAsync(stack, gaugesSeen + (2 * PrometheusProgress.Seconds(OpsStack.Hold)), TimeSpan.FromSeconds(30));
        var healthy = (await stack.AlertsAsync("firing")).Union(await stack.AlertsAsync("pending")).Intersect([.. WindowAlerts, WebhookAlert]).ToList();
        Assert.True(healthy.Count == 0, "healthy merges: " + string.Join(", ", healthy));

        // Unhealthy: 120 merges on the third attempt after a rebase conflict.
        await PostMergesAsync(stack.Sidecar, count: 120, attempts: 3, verdict: "rebase_conflict");
        // The failed attempts to deliver the crossings this causes (trust lost, scope tightened) fire their alert;
        // it is looked for first, as it used to fire for a window's length only.
        await stack.UntilAsync("the failed webhook deliveries to reach Alertmanager", async () =>
        {
            var listed = await stack.AlertmanagerAlertsAsync();
            return (listed.Contains(WebhookAlert), "in Alertmanager: " + string.Join(", ", listed));
        }, TimeSpan.FromSeconds(30));
        await stack.UntilAsync("the window alerts to fire and reach Alertmanager", async () =>
        {
            var missing = WindowAlerts.Except(await stack.AlertsAsync("firing")).Union(WindowAlerts.Except(await stack.AlertmanagerAlertsAsync())).ToList();
            return (missing.Count == 0, "missing: " + string.Join(", ", missing));
        }, TimeSpan.FromSeconds(40));

        await ScenarioTests.AssertDashboardQueriesReturnDataAsync(stack, ReferencesIssue4Gauges, expectMatch: true);
    }

    private static async Task PostMergesAsync(SidecarProcess sidecar, int count, int attempts, string verdict)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonNode>();
        for (var i = 0; i < count; i++)
        {
            var item = $"WI-{TestEvents.Unique()}";
            events.Add(TestEvents.Make(TestEvents.NewId("rev"), "workitem:reviewed", item, now, new JsonObject { ["verdict"] = verdict, ["project"] = "damascus" }));
            events.Add(TestEvents.Make(TestEvents.NewId("merge"), "workitem:merged", item, now, new JsonObject { ["attempts"] = attempts, ["project"] = "damascus", ["finalVerdict"] = verdict }));
        }

        var response = await sidecar.PostEventsAsync([.. events]);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, response.ToString());
    }
}
