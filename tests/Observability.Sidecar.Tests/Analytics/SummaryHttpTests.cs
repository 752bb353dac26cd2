using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary><c>/api/v1/summary</c> and <c>/api/agent/metrics</c> over real HTTP; every figure worked out from the fixture's table.</summary>
public sealed class SummaryHttpTests(SummaryHistoryFixture fixture) : IClassFixture<SummaryHistoryFixture>
{
    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task Summary_WholeHistory_CountsTheDuplicateOnceAndPairsTheLateStart()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/summary");

        var tasks = s.GetProperty("tasks");
        // A, B, C; completed A and B; cycles 1200 and 1800: mean 1500, p50 = rank 1 -> 1200, p90 = rank 2 -> 1800.
        Assert.Equal((3.0, 2.0, 0.0), (tasks.Number("total"), tasks.Number("completed"), tasks.Number("reworked")));
        Assert.Equal((1500.0, 1200.0, 1800.0), (tasks.Number("avg_cycle_time_seconds"), tasks.Number("p50_cycle_time_seconds"), tasks.Number("p90_cycle_time_seconds")));
        var chains = s.GetProperty("chains");
        Assert.Equal((1.0, 0.0, 2.0), (chains.Number("total"), chains.Number("completed"), chains.Number("avg_tasks_per_chain")));
        var requests = s.GetProperty("requests");
        Assert.Equal((1.0, 1.0, 14400.0), (requests.Number("total"), requests.Number("closed"), requests.Number("avg_cycle_time_seconds")));
        // m1 owns A and C: A completed (1800 s), neither reworked.
        var m1 = s.GetProperty("agents").GetProperty("m1");
        Assert.Equal((1.0, 0.0, 1800.0), (m1.Number("tasks_completed"), m1.Number("rework_rate"), m1.Number("avg_cycle_time_seconds")));
        Assert.Equal((100.0, 50.0), (m1.GetProperty("total_tokens").Number("input"), m1.GetProperty("total_tokens").Number("output")));
        Assert.Equal(1200, s.GetProperty("agents").GetProperty("m2").Number("avg_cycle_time_seconds"));
        Assert.Equal(9, s.Number("event_count"));
    }

    [Fact]
    public async Task Summary_At_ReconstructsTheStateAtThatTime()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/summary?at=2025-12-07T10:45:00Z");

        // Only A has happened (1800 s); R is still open.
        var tasks = s.GetProperty("tasks");
        Assert.Equal((1.0, 1.0, 1800.0), (tasks.Number("total"), tasks.Number("completed"), tasks.Number("p90_cycle_time_seconds")));
        Assert.Equal((1.0, 0.0), (s.GetProperty("requests").Number("total"), s.GetProperty("requests").Number("closed")));
        Assert.True(s.GetProperty("requests").IsNull("avg_cycle_time_seconds"));
        Assert.Equal("2025-12-07T10:45:00Z", AnalyticsHttp.Iso(s.GetProperty("scope").GetProperty("at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Summary_FromTo_CountsTheWindowAndPairsWithEarlierStarts()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/summary?from=2025-12-07T11:00:00Z&to=2025-12-07T13:00:00Z");

        // B and C; B completed (1200 s). The chain was created before the window; R closed inside it, 14400 s after its creation.
        var tasks = s.GetProperty("tasks");
        Assert.Equal((2.0, 1.0, 1200.0), (tasks.Number("total"), tasks.Number("completed"), tasks.Number("avg_cycle_time_seconds")));
        Assert.Equal(0, s.GetProperty("chains").Number("total"));
        Assert.Equal(14400, s.GetProperty("requests").Number("avg_cycle_time_seconds"));
    }

    [Theory]
    [InlineData("/api/v1/summary?at=yesterday", "at")]
    [InlineData("/api/v1/summary?at=2025-12-07T10:00:00", "at")]
    [InlineData("/api/v1/summary?from=2025-12-08T00:00:00Z&to=2025-12-07T00:00:00Z", "from")]
    [InlineData("/api/v1/summary?to=2025-12-08", "to")]
    [InlineData("/api/agent/metrics?window=week", "window")]
    [InlineData("/api/agent/metrics?window=all&from=2025-12-07T00:00:00Z", "window")]
    [InlineData("/api/agent/metrics?from=soon", "from")]
    [InlineData("/api/v1/summary?window=7d", "window")]
    [InlineData("/api/agent/metrics?at=2025-12-07T10:00:00Z", "at")]
    [InlineData("/api/v1/metrics/scoreboard?window=7d&from=2025-12-07T00:00:00Z", "from")]
    [InlineData("/api/v1/metrics/ws-executions?wpid=WP-1", "wpid")]
    [InlineData("/api/v1/windows?project=alpha", "project")]
    public async Task BadParameter_Is400ProblemNamingIt(string path, string field) =>
        AnalyticsHttp.AssertProblem(await Sidecar.GetAsync(path), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task AgentMetrics_WholeHistory_HasSeed003ShapeAndFigures()
    {
        var m = await Sidecar.GetJsonAsync("/api/agent/metrics");

        Assert.Equal(["execution_time", "success_rate", "by_task_type", "by_model", "by_executor", "usage"], Keys(m));
        Assert.Equal(["p50_seconds", "p95_seconds"], Keys(m.GetProperty("execution_time")));
        Assert.Equal(["completed", "failed", "total"], Keys(m.GetProperty("success_rate")));
        // Runs A 1800 s, B 1200 s, C 300 s (failed): p50 = rank 2 -> 1200, p95 = rank 3 -> 1800.
        Assert.Equal((1200.0, 1800.0), (m.GetProperty("execution_time").Number("p50_seconds"), m.GetProperty("execution_time").Number("p95_seconds")));
        Assert.Equal((2.0, 1.0, 3.0), (m.GetProperty("success_rate").Number("completed"), m.GetProperty("success_rate").Number("failed"), m.GetProperty("success_rate").Number("total")));
        Assert.Equal(["success_rate"], Keys(m.GetProperty("by_task_type").GetProperty("spec")));
        Assert.Equal((1.0, 0.5), (m.GetProperty("by_task_type").GetProperty("spec").Number("success_rate"), m.GetProperty("by_task_type").GetProperty("impl").Number("success_rate")));
        var m1 = m.GetProperty("by_model").GetProperty("m1");
        Assert.Equal(["count", "success_rate", "avg_duration"], Keys(m1));
        // m1: A 1800 s (completed) and C 300 s (failed).
        Assert.Equal((2.0, 0.5, 1050.0), (m1.Number("count"), m1.Number("success_rate"), m1.Number("avg_duration")));
        var human = m.GetProperty("by_executor").GetProperty("human");
        Assert.Equal((1.0, 1.0, 1200.0), (human.Number("count"), human.Number("success_rate"), human.Number("avg_duration")));
        Assert.Equal(0, m.GetProperty("by_executor").GetProperty("unknown").Number("success_rate"));
    }

    [Fact]
    public async Task AgentMetrics_WindowWithoutRuns_KeepsTheShapeWithNulls()
    {
        // The history is from 2025; nothing happened in the last 24 hours.
        var m = await Sidecar.GetJsonAsync("/api/agent/metrics?window=24h");
        Assert.True(m.GetProperty("execution_time").IsNull("p50_seconds"));
        Assert.Equal(0, m.GetProperty("success_rate").Number("total"));
        Assert.Empty(m.GetProperty("by_model").EnumerateObject());
    }

    [Fact]
    public async Task AgentMetrics_FromTo_CountsOnlyRunsInTheRange()
    {
        var m = await Sidecar.GetJsonAsync("/api/agent/metrics?from=2025-12-07T11:00:00Z&to=2025-12-07T13:00:00Z");
        // B (1200 s) and C (300 s): p50 = rank 1 -> 300.
        Assert.Equal((300.0, 1200.0), (m.GetProperty("execution_time").Number("p50_seconds"), m.GetProperty("execution_time").Number("p95_seconds")));
        Assert.Equal(2, m.GetProperty("success_rate").Number("total"));
    }

    private static List<string> Keys(JsonElement o) => [.. o.EnumerateObject().Select(p => p.Name)];
}
