using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// Dashboards never show impossible values: a real Prometheus scrapes a real sidecar fed the data that made the
/// unguarded panels read +Inf, 186% and 0.5 attempts; at the same evaluation time the panels' queries, as the
/// dashboards hold them, show no value or a bounded one. Every ratio panel says what it means in its description.
/// </summary>
public sealed class DashboardGuardTests
{
    private const string Window = "10s";

    // The panels' queries as they were before their guards: the data below must drive these impossible first.
    private const string UnguardedInterventionRate =
        "sum(rate(agentobs_human_interventions_total[10s])) / sum(rate(agentobs_task_total{agent_type=~\"idle\"}[10s]))";

    private const string UnguardedCompletionRate =
        "sum(rate(agentobs_task_total{agent_type=~\"busy\",success=\"true\"}[10s])) / sum(rate(agentobs_task_started_total{agent_type=~\"busy\"}[10s]))";

    private const string UnguardedAttemptsP50 =
        "histogram_quantile(0.5, sum by (le, project) (rate(agentobs_merge_attempts_bucket{project=~\"guard\"}[10s])))";

    [Fact]
    public async Task GuardedPanels_OnDataThatMadeThemImpossible_ShowNoValueOrABoundedOne()
    {
        await using var stack = await OpsStack.StartSidecarAsync();
        await stack.StartMonitoringAsync();

        // The 'idle' agent type finishes one task and then none; meanwhile people keep stepping in, the 'busy' agent
        // type completes 13 tasks for every 7 it starts (the rest started earlier), and every merge is a first pass.
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await stack.Sidecar.PostEventsAsync(
            TestEvents.Make(TestEvents.NewId("idle"), "task:completed", "T-idle", now, new JsonObject { ["agentType"] = "idle", ["taskType"] = "impl" }))).Status);
        await using var feed = new ScenarioFeed(stack.Sidecar, Tick);

        var interventionRate = Panel("agentobs-pipeline.json", "Human intervention rate").Single();
        var completionRate = Panel("agentobs-pipeline.json", "Task completion rate (completed / started)").Single();
        var attempts = Panel("agentobs-merges.json", "Attempts to merge (p50, p95)");
        DateTimeOffset? at = null;
        await stack.UntilAsync("the unguarded queries to read +Inf, more than 100% and fewer than 1 attempt", async () =>
        {
            var t = DateTimeOffset.UtcNow.AddSeconds(-1);
            var inf = await ValuesAsync(stack, UnguardedInterventionRate, t);
            var completion = await ValuesAsync(stack, UnguardedCompletionRate, t);
            var p50 = await ValuesAsync(stack, UnguardedAttemptsP50, t);
            var impossible = inf is [double.PositiveInfinity] && completion is [> 1.5] && p50 is [< 1];
            at = impossible ? t : null;
            return (impossible, $"intervention rate [{string.Join(", ", inf)}], completion rate [{string.Join(", ", completion)}], p50 [{string.Join(", ", p50)}]");
        }, TimeSpan.FromSeconds(60));
        feed.AssertNoError();

        // The same instant through the dashboards' queries.
        Assert.Empty(await ValuesAsync(stack, Resolve(interventionRate, agentType: "idle"), at!.Value));
        Assert.Equal([1.0], await ValuesAsync(stack, Resolve(completionRate, agentType: "busy"), at.Value));
        Assert.Equal([1.0], await ValuesAsync(stack, Resolve(attempts[0], project: "guard"), at.Value));
        Assert.Equal([1.0], await ValuesAsync(stack, Resolve(attempts[1], project: "guard"), at.Value));
    }

    [Fact]
    public void EveryRatioOrQuantilePanel_GuardsItsDivisorOrEmptyBuckets_AndSaysWhatItShows()
    {
        var panels = Dashboard.All().SelectMany(d => d.Panels).Where(p => p.Type != "row").ToList();
        var guarded = panels.Where(p => p.Exprs.Any(e => e.Contains(" / ", StringComparison.Ordinal) && e.Contains("rate(", StringComparison.Ordinal)
                                                        || e.Contains("histogram_quantile(", StringComparison.Ordinal))).ToList();
        Assert.True(guarded.Count >= 15, $"only {guarded.Count} ratio or quantile panels");
        foreach (var panel in guarded)
        {
            var description = Dashboard.All().Single(d => d.Name == panel.Dashboard).Json["panels"]!.AsArray()
                .SelectMany(Flatten).Single(p => p["title"]?.GetValue<string>() == panel.Title)["description"]?.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(description), $"{panel} has no description saying what it shows");
            foreach (var expr in panel.Exprs)
            {
                // A rate divided by a rate with no "> 0" on the divisor shows +Inf or NaN when the divisor is 0.
                var unguardedDivision = expr.Contains(" / sum", StringComparison.Ordinal) && !expr.Contains("> 0)", StringComparison.Ordinal);
                Assert.False(unguardedDivision, $"{panel}: {expr} divides by a rate that may be 0");
                if (expr.Contains("histogram_quantile(", StringComparison.Ordinal) && !expr.StartsWith("instance:", StringComparison.Ordinal))
                {
                    Assert.Contains("> 0)", expr, StringComparison.Ordinal);
                }
            }
        }
    }

    private static List<JsonNode> Tick(int tick)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(TestEvents.Make(TestEvents.NewId("hi"), "human:intervention", $"T-{tick}-{i}", now, new JsonObject { ["reason"] = "stuck" }));
            events.Add(TestEvents.Make(TestEvents.NewId("merge"), "workitem:merged", $"WI-{tick}-{i}", now, new JsonObject { ["attempts"] = 1, ["project"] = "guard" }));
        }

        for (var i = 0; i < 7; i++)
        {
            events.Add(TestEvents.Make(TestEvents.NewId("start"), "task:started", $"S-{tick}-{i}", now, new JsonObject { ["agentType"] = "busy", ["taskType"] = "impl" }));
        }

        for (var i = 0; i < 13; i++)
        {
            events.Add(TestEvents.Make(TestEvents.NewId("done"), "task:completed", $"C-{tick}-{i}", now, new JsonObject { ["agentType"] = "busy", ["taskType"] = "impl" }));
        }

        return events;
    }

    private static IReadOnlyList<string> Panel(string dashboard, string title) =>
        Dashboard.All().Single(d => d.Name == dashboard).Panels.Single(p => p.Title == title).Exprs;

    private static string Resolve(string expr, string agentType = ".*", string project = ".*") =>
        Dashboard.Resolve(expr.Replace("$agent_type", agentType, StringComparison.Ordinal).Replace("$project", project, StringComparison.Ordinal), Window);

    private static async Task<List<double>> ValuesAsync(OpsStack stack, string query, DateTimeOffset at) =>
        [.. (await stack.QueryAsync(query, at)).Select(s => Value(s.GetProperty("value")[1].GetString()!))];

    private static double Value(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static IEnumerable<JsonObject> Flatten(JsonNode? node)
    {
        if (node is JsonObject panel)
        {
            yield return panel;
            foreach (var nested in (panel["panels"]?.AsArray() ?? []).SelectMany(Flatten))
            {
                yield return nested;
            }
        }
    }
}
