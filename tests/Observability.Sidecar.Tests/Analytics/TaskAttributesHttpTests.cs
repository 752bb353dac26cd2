using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// <c>/api/agent/metrics</c> and <c>/api/v1/summary</c> place a task by one rule, the latest value of each attribute on
/// any of its events, over real HTTP on <see cref="TaskAttributesFixture"/>'s history; every figure worked out by hand.
/// </summary>
public sealed class TaskAttributesHttpTests(TaskAttributesFixture fixture) : IClassFixture<TaskAttributesFixture>
{
    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task AgentMetrics_AttributesOnDifferentEvents_RunsPlacedByTheirTasksLatestValues()
    {
        var m = await Sidecar.GetJsonAsync("/api/agent/metrics");

        // Durations 60, 600, 1800: p50 = rank 2 -> 600, p95 = rank 3 -> 1800.
        Assert.Equal((600.0, 1800.0), (m.GetProperty("execution_time").Number("p50_seconds"), m.GetProperty("execution_time").Number("p95_seconds")));
        Assert.Equal((2.0, 1.0, 3.0), (m.GetProperty("success_rate").Number("completed"), m.GetProperty("success_rate").Number("failed"), m.GetProperty("success_rate").Number("total")));
        Assert.Equal(["impl:0", "spec:1"], Figures(m.GetProperty("by_task_type"), "success_rate"));
        // priced-m: u1 (1800 s, completed) and u2 (600 s, failed); other-m: u3.
        Assert.Equal(["other-m:1", "priced-m:2"], Figures(m.GetProperty("by_model"), "count"));
        Assert.Equal(["other-m:1", "priced-m:0.5"], Figures(m.GetProperty("by_model"), "success_rate"));
        Assert.Equal(["other-m:60", "priced-m:1200"], Figures(m.GetProperty("by_model"), "avg_duration"));
        Assert.Equal(["claude_code:1", "human:0", "unknown:1"], Figures(m.GetProperty("by_executor"), "success_rate"));
    }

    [Fact]
    public async Task AgentMetrics_Usage_TokensAndCostByModel()
    {
        var usage = (await Sidecar.GetJsonAsync("/api/agent/metrics")).GetProperty("usage");

        // priced-m: u1's start 1,000,000/0 (3.00) and its completion 0/100,000, which names no model: its task's (1.50).
        var priced = usage.GetProperty("by_model").GetProperty("priced-m");
        Assert.Equal((2.0, 1_000_000.0, 100_000.0, 4.5, 0.0), (priced.Number("tasks"), priced.Number("input_tokens"), priced.Number("output_tokens"), priced.Number("cost_usd"), priced.Number("unpriced_input_tokens")));
        // other-m: u2's created event 200/0 (no price: unpriced) and u3's 10/5 at the reported 0.02.
        var other = usage.GetProperty("by_model").GetProperty("other-m");
        Assert.Equal((1.0, 210.0, 5.0, 0.02, 200.0, 0.0), (other.Number("tasks"), other.Number("input_tokens"), other.Number("output_tokens"), other.Number("cost_usd"), other.Number("unpriced_input_tokens"), other.Number("unpriced_output_tokens")));
        var total = usage.GetProperty("total");
        Assert.Equal((3.0, 1_000_210.0, 100_005.0, 200.0), (total.Number("tasks"), total.Number("input_tokens"), total.Number("output_tokens"), total.Number("unpriced_input_tokens")));
        Assert.Equal(4.52, total.Number("cost_usd"), 9);
    }

    [Fact]
    public async Task Summary_AttributesOnDifferentEvents_TasksUnderTheModelsTheAgentMetricsUse()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/summary");

        // u1 (1800 s) and u3 (60 s) completed: mean 930, p50 = rank 1 -> 60, p90 = rank 2 -> 1800.
        var tasks = s.GetProperty("tasks");
        Assert.Equal((3.0, 2.0, 930.0, 60.0, 1800.0), (tasks.Number("total"), tasks.Number("completed"), tasks.Number("avg_cycle_time_seconds"), tasks.Number("p50_cycle_time_seconds"), tasks.Number("p90_cycle_time_seconds")));
        var agents = s.GetProperty("agents");
        Assert.Equal(["other-m", "priced-m"], agents.EnumerateObject().Select(a => a.Name).Order(StringComparer.Ordinal));
        var priced = agents.GetProperty("priced-m");
        Assert.Equal((1.0, 0.0, 1800.0), (priced.Number("tasks_completed"), priced.Number("rework_rate"), priced.Number("avg_cycle_time_seconds")));
        Assert.Equal((1_000_000.0, 100_000.0), (priced.GetProperty("total_tokens").Number("input"), priced.GetProperty("total_tokens").Number("output")));
        var other = agents.GetProperty("other-m");
        Assert.Equal((1.0, 60.0, 210.0, 5.0), (other.Number("tasks_completed"), other.Number("avg_cycle_time_seconds"), other.GetProperty("total_tokens").Number("input"), other.GetProperty("total_tokens").Number("output")));
    }

    [Fact]
    public async Task AgentMetrics_WindowAfterTheTypeAndModelEvents_StillPlacesTheRun()
    {
        var m = await Sidecar.GetJsonAsync("/api/agent/metrics?from=2026-03-01T09:30:00Z&to=2026-03-01T09:50:00Z");

        // Only u1's completion is in the window; its type (09:00), model and executor (09:10) came before it.
        Assert.Equal(["spec:1"], Figures(m.GetProperty("by_task_type"), "success_rate"));
        Assert.Equal(["priced-m:1"], Figures(m.GetProperty("by_model"), "count"));
        Assert.Equal(["claude_code:1"], Figures(m.GetProperty("by_executor"), "count"));
        Assert.Equal(1.5, m.GetProperty("usage").GetProperty("by_model").GetProperty("priced-m").Number("cost_usd"), 9);
    }

    private static List<string> Figures(JsonElement groups, string figure) =>
        [.. groups.EnumerateObject().Select(g => $"{g.Name}:{g.Value.Number(figure).ToString(System.Globalization.CultureInfo.InvariantCulture)}").Order(StringComparer.Ordinal)];
}
