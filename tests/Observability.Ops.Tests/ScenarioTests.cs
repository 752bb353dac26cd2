using Observability.Ops.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// The live scenario: the real sidecar fed a scripted stream of events, scraped by a real Prometheus with alerts.yml
/// (a generated copy with 15-second windows and 3-second <c>for</c>s), sending to a real Alertmanager. Healthy first:
/// nothing fires. Then unhealthy: the expected alerts fire and reach Alertmanager, and every dashboard query returns
/// data. Then silence, then the sidecar stops. Seed 004's merge-window part is MergeWindowScenarioTests.
/// </summary>
public sealed class ScenarioTests
{
    /// <summary>Alerts the unhealthy phase must fire (every KPI and seed 001 alert the events can drive).</summary>
    public static readonly string[] UnhealthyAlerts =
    [
        "AgentObsHighTaskFailureRate", "AgentObsPipelineFailureSpike", "AgentObsLowCodeCoverage", "AgentObsHighLintErrorRate",
        "AgentObsLowAISuccessRate", "AgentObsHighDefectEscapeRate", "AgentObsSlowDefectDetection", "AgentObsSlowDefectResolution",
        "AgentObsLongLeadTime", "AgentObsLongCycleTime", "AgentObsLowThroughput", "AgentObsLowTaskCompletionRate",
        "AgentObsLongAverageTaskDuration", "AgentObsLowDeploymentFrequency", "AgentObsSlowTestExecution",
        "AgentObsLowPipelineSuccessRate", "AgentObsHighFlakyTestRate", "AgentObsLargePullRequests", "AgentObsSlowReviewTurnaround",
        "AgentObsRollbacks", "AgentObsLowAITaskCompletionRate", "AgentObsLowAICodeAcceptance", "AgentObsHighHumanInterventionRate",
        "AgentObsEventsRejected", "AgentObsCardinalityGuardFolding",
    ];

    /// <summary>
    /// With every window shortened to the same length, churn compares a window with the one just before it, which the
    /// healthy phase's ramp-up can double; its threshold is shown by promtool (churn.test.yml) instead.
    /// </summary>
    private static readonly string[] NotJudgedLive = ["AgentObsHighCodeChurn"];

    [Fact]
    public async Task Scenario_HealthyThenUnhealthyThenSilentThenDown_AlertsFireOnlyWhenTheyShould()
    {
        // A small cardinality cap so the unhealthy phase's burst of agent types overflows it.
        // Reviews every second, so the review row's queries have runs to show.
        // Authentication on: the feed writes with a token, and Prometheus scrapes with one (Auth:RequireMetricsToken).
        // A daily event quota far above the feed's, so the limits row's quota panel has a share to show.
        await using var stack = await OpsStack.StartSecuredSidecarAsync(
            "--Sidecar:MaxSeriesPerFamily", "40", "--Review:IntervalSeconds", "1", "--Limits:EventsPerDay", "100000000");
        await using var feed = new ScenarioFeed(stack.Sidecar, ScenarioEvents.Healthy) { Otlp = true };
        await stack.StartMonitoringAsync();
        using (var anonymous = new HttpClient())
        {
            using var refused = await anonymous.GetAsync(new Uri(stack.Sidecar.BaseAddress, "metrics"));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Healthy: once every window is full of healthy data and every for has elapsed, nothing fires. Measured in
        // Prometheus' scrapes (one a second: a window, a hold and 4 s to spare) and a rule evaluation after them.
        await PrometheusProgress.UntilScrapedAsync(
            stack, PrometheusProgress.Seconds(OpsStack.Range) + PrometheusProgress.Seconds(OpsStack.Hold) + 4, TimeSpan.FromSeconds(90));
        await PrometheusProgress.UntilEvaluatedAfterAsync(stack, await PrometheusProgress.NowAsync(stack), TimeSpan.FromSeconds(20));
        for (var check = 0; check < 4; check++)
        {
            var firing = (await stack.AlertsAsync("firing")).Except(NotJudgedLive).ToList();
            var pending = (await stack.AlertsAsync("pending")).Intersect(UnhealthyAlerts).ToList();
            Assert.True(firing.Count == 0 && pending.Count == 0, $"healthy phase: firing [{string.Join(", ", firing)}], pending [{string.Join(", ", pending)}]\n{stack.Diagnostics()}");
            await Task.Delay(1000);
        }

        feed.AssertNoError();
        Assert.Empty((await stack.AlertmanagerAlertsAsync()).Intersect(UnhealthyAlerts));

        // Unhealthy: every expected alert fires in Prometheus and reaches Alertmanager.
        feed.Switch(ScenarioEvents.Unhealthy);
        await stack.UntilAsync("the unhealthy phase's alerts to fire", async () =>
        {
            var missing = UnhealthyAlerts.Except(await stack.AlertsAsync("firing")).ToList();
            return (missing.Count == 0, "not firing: " + string.Join(", ", missing));
        }, TimeSpan.FromSeconds(60));
        await stack.UntilAsync("Alertmanager to list them", async () =>
        {
            var missing = UnhealthyAlerts.Except(await stack.AlertmanagerAlertsAsync()).ToList();
            return (missing.Count == 0, "not in Alertmanager: " + string.Join(", ", missing));
        }, TimeSpan.FromSeconds(20));
        feed.AssertNoError();
        Assert.DoesNotContain("AgentObsEventSourceSilent", await stack.AlertsAsync("firing"));

        // Alertmanager delivers them, each to the receiver its severity routes to, on the loopback listener only.
        var paths = ReceiverPathsBySeverity();
        var severities = RuleFile.Alerts(Repo.AlertsYml).ToDictionary(a => a.Name, a => a.Labels["severity"], StringComparer.Ordinal);
        await stack.UntilAsync("Alertmanager to deliver them", () =>
        {
            var delivered = stack.Receiver!.Notifications;
            var missing = UnhealthyAlerts
                .Where(a => !delivered.Any(n => n.Status == "firing" && n.Path == paths[severities[a]] && n.AlertNames.Contains(a)))
                .ToList();
            return Task.FromResult((missing.Count == 0, $"not delivered to their receiver: {string.Join(", ", missing)}; got {delivered.Count} notifications"));
        }, TimeSpan.FromSeconds(30));
        Assert.All(stack.Receiver!.Notifications, n => Assert.Contains(n.Path, paths.Values));

        // Every dashboard query (but seed 004's window gauges, see MergeWindowScenarioTests) returns data.
        await AssertDashboardQueriesReturnDataAsync(stack, MergeWindowScenarioTests.ReferencesIssue4Gauges, expectMatch: false);

        // Silent: the event source stops; the silence alert fires.
        feed.Switch(null);
        await stack.UntilAsync("AgentObsEventSourceSilent", async () =>
        {
            var firing = await stack.AlertsAsync("firing");
            var listed = await stack.AlertmanagerAlertsAsync();
            return (firing.Contains("AgentObsEventSourceSilent") && listed.Contains("AgentObsEventSourceSilent"), $"firing: {string.Join(", ", firing)}");
        }, TimeSpan.FromSeconds(40));

        // Down: the sidecar stops; the target-down alert fires.
        Assert.Equal(0, await stack.Sidecar.StopAsync());
        await stack.UntilAsync("AgentObsSidecarDown", async () =>
        {
            var listed = await stack.AlertmanagerAlertsAsync();
            return (listed.Contains("AgentObsSidecarDown"), $"in Alertmanager: {string.Join(", ", listed)}");
        }, TimeSpan.FromSeconds(30));
    }

    /// <summary>The path of the webhook each severity routes to in the shipped prometheus/alertmanager.yml.</summary>
    private static Dictionary<string, string> ReceiverPathsBySeverity()
    {
        var config = Yaml.Load(Repo.AlertmanagerYml);
        var receivers = config.Seq("receivers").ToDictionary(r => r.Str("name")!, r => new Uri(r.Seq("webhook_configs").Single().Str("url")!).AbsolutePath, StringComparer.Ordinal);
        return config.Req("route").Seq("routes").ToDictionary(
            r => r.Seq("matchers").Single().ToString().Split('"')[1],
            r => receivers[r.Str("receiver")!],
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Runs every dashboard target (those <paramref name="filter"/> selects, or deselects when <paramref name="expectMatch"/>
    /// is false) through Prometheus' API with the variables at "All"; each must succeed and return at least one sample.
    /// Also the variables' label_values must list something.
    /// </summary>
    internal static async Task AssertDashboardQueriesReturnDataAsync(OpsStack stack, Func<string, bool> filter, bool expectMatch)
    {
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var panel in Dashboard.All().SelectMany(d => d.Panels))
        {
            foreach (var expr in panel.Exprs.Where(e => filter(e) == expectMatch))
            {
                checkedCount++;
                var query = Dashboard.Resolve(expr, "1m");
                try
                {
                    if ((await stack.QueryAsync(query)).Count == 0)
                    {
                        failures.Add($"{panel}: no data for {query}");
                    }
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    failures.Add($"{panel}: {e.Message}");
                }
            }
        }

        Assert.True(checkedCount > 0, "no dashboard query was checked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} dashboard queries failed:\n{string.Join("\n", failures)}");
        if (!expectMatch)
        {
            Assert.NotEmpty(await stack.LabelValuesAsync("project", "agentobs_merges_total"));
            Assert.NotEmpty(await stack.LabelValuesAsync("agent_type", "agentobs_task_total"));
            Assert.NotEmpty(await stack.LabelValuesAsync("model", "agentobs_llm_tokens_total"));
        }
    }
}
