using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// Seed 002's criteria 5, 7, 13, 14 and 15 on the runs of <see cref="SeededRunsFixture"/>, every expected figure
/// worked out from its table by hand.
/// </summary>
public sealed class RunReportCriteriaTests(SeededRunsFixture fixture) : IClassFixture<SeededRunsFixture>
{
    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task Criterion05_LlmCostAggregated_DashboardCostEqualsTheStoredRunsCost()
    {
        var dashboard = await Sidecar.GetJsonAsync("/api/v1/metrics/dashboard?window=all");
        var runs = await Sidecar.GetJsonAsync("/api/v1/metrics/ws-executions");
        var stored = runs.GetProperty("items").EnumerateArray().Sum(r => r.GetProperty("llm").Number("cost_usd"));

        // run-a 3.00 + run-b 0.50 (reported) + run-c 0 (unpriced) + run-o 15.00.
        Assert.Equal(18.5, dashboard.Number("llm_cost_usd"), 9);
        Assert.Equal(18.5, stored, 9);
        Assert.Equal(1000, dashboard.GetProperty("unpriced_tokens").Number("input"));
        Assert.Equal(500, dashboard.GetProperty("unpriced_tokens").Number("output"));
    }

    [Fact]
    public async Task Criterion07_DashboardAggregates_SumsAndAveragesAcrossExecutions()
    {
        var d = await Sidecar.GetJsonAsync("/api/v1/metrics/dashboard?window=all");

        Assert.Equal(4, d.Number("runs"));
        Assert.Equal(3, d.Number("ws_completed"));
        // Completed runs a, b, o: (1800 + 3600 + 100) / 3.
        Assert.Equal(5500.0 / 3, d.Number("avg_duration_seconds"), 9);
        Assert.Equal(4, d.Number("tests_written"));
        Assert.Equal(2, d.Number("bugs_fixed_autonomously"));
        // Finished runs a, b, c, o with 0, 1, 0, 0 rework cycles.
        Assert.Equal(0.25, d.Number("avg_rework_cycles"), 9);
        var trend = d.GetProperty("cost_per_ws_trend").EnumerateArray().ToList();
        Assert.Equal(18.5, trend.Sum(t => t.Number("cost_usd")), 9);
        Assert.Equal(4, trend.Sum(t => t.Number("runs")));
        var dates = trend.Select(t => t.GetProperty("date").GetString()).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task Criterion13_ScoreboardReturnsCorrectData_AllWindow()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/metrics/scoreboard?window=all");

        Assert.Equal("all", s.GetProperty("window").GetString());
        Assert.Equal(4, s.Number("runs"));
        Assert.Equal(3, s.Number("completed"));
        Assert.Equal(0.75, s.Number("success_rate"));
        // Durations 100, 600, 1800, 3600: mean 1525; p95 = rank ceil(3.8) = 4 -> 3600.
        Assert.Equal(1525, s.Number("avg_duration_seconds"));
        Assert.Equal(3600, s.Number("p95_duration_seconds"));
        // Completed a (0), b (1), o (0): 2 of 3 first-pass.
        Assert.Equal(2.0 / 3, s.Number("first_pass_verify_rate"), 9);
        Assert.Equal(18.5, s.Number("total_cost_usd"), 9);
        Assert.Equal(18.5 / 3, s.Number("cost_per_completed_ws"), 9);
        Assert.Equal(2, s.Number("autonomous_bug_fixes"));
    }

    [Fact]
    public async Task Criterion14_ScoreboardWindowFiltering_7dLeavesOutTheTenDayOldRun()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/metrics/scoreboard?window=7d");

        // run-a, run-b, run-c; run-o started 10 days ago.
        Assert.Equal(3, s.Number("runs"));
        Assert.Equal(2, s.Number("completed"));
        Assert.Equal(2.0 / 3, s.Number("success_rate"), 9);
        // Durations 600, 1800, 3600: mean 2000; p95 = rank ceil(2.85) = 3 -> 3600.
        Assert.Equal(2000, s.Number("avg_duration_seconds"));
        Assert.Equal(3600, s.Number("p95_duration_seconds"));
        Assert.Equal(0.5, s.Number("first_pass_verify_rate"));
        Assert.Equal(3.5, s.Number("total_cost_usd"), 9);
        Assert.Equal(1.75, s.Number("cost_per_completed_ws"), 9);
        Assert.Equal(1, s.Number("autonomous_bug_fixes"));
        var from = s.GetProperty("from").GetDateTimeOffset();
        Assert.InRange(s.GetProperty("to").GetDateTimeOffset() - from, TimeSpan.FromDays(7), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Criterion14_ScoreboardDefaultWindow_Is7d()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/metrics/scoreboard");
        Assert.Equal(("7d", 3.0), (s.GetProperty("window").GetString(), s.Number("runs")));
    }

    [Fact]
    public async Task Criterion14_Scoreboard24h_OnlyTheLastDay()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/metrics/scoreboard?window=24h");

        // run-b (COMPLETED, 3600 s, rework 1, 0.50) and run-c (FAILED, 600 s, unpriced).
        Assert.Equal(2, s.Number("runs"));
        Assert.Equal(0.5, s.Number("success_rate"));
        Assert.Equal(2100, s.Number("avg_duration_seconds"));
        Assert.Equal(0, s.Number("first_pass_verify_rate"));
        Assert.Equal(0.5, s.Number("total_cost_usd"), 9);
        Assert.Equal(0, s.Number("autonomous_bug_fixes"));
        Assert.Equal(1000, s.GetProperty("unpriced_tokens").Number("input"));
    }

    [Fact]
    public async Task Criterion15_CorrelationIdPresent_CallsJoinTheirExecutionAndItsWs()
    {
        var run = await Sidecar.GetJsonAsync("/api/v1/metrics/ws-executions/run-a");
        var llm = run.GetProperty("llm");
        Assert.Equal(("calls", 1.0, 1_000_000.0), (llm.GetProperty("source").GetString(), llm.Number("calls"), llm.Number("input_tokens")));
        Assert.Equal(3.0, llm.Number("cost_usd"), 9);

        var costs = await Sidecar.GetJsonAsync("/api/v1/metrics/cost-summary");
        Assert.Equal(3.0, costs.GetProperty("by_ws").GetProperty("WS-A").Number("cost_usd"), 9);
        // The call without a wsExecutionId has no WS.
        Assert.Equal(3.0, costs.GetProperty("by_ws").GetProperty("none").Number("cost_usd"), 9);
    }

    [Fact]
    public async Task CostSummary_All_ReportedWinsUnpricedShownNotFree()
    {
        var c = await Sidecar.GetJsonAsync("/api/v1/metrics/cost-summary?window=all");
        var total = c.GetProperty("total");

        // 3 + 0.5 + 15 + 3 known; mystery's 1000/500 tokens unpriced.
        Assert.Equal(5, total.Number("calls"));
        Assert.Equal(21.5, total.Number("cost_usd"), 9);
        Assert.Equal(0.5, total.Number("reported_cost_usd"), 9);
        Assert.Equal(21, total.Number("estimated_cost_usd"), 9);
        Assert.Equal((1000.0, 500.0), (total.Number("unpriced_input_tokens"), total.Number("unpriced_output_tokens")));
        var priced = c.GetProperty("by_model").GetProperty("priced-m");
        Assert.Equal((3.0, 2_000_000.0, 1_000_000.0), (priced.Number("calls"), priced.Number("input_tokens"), priced.Number("output_tokens")));
        var mystery = c.GetProperty("by_model").GetProperty("mystery");
        Assert.Equal((0.0, 1000.0), (mystery.Number("cost_usd"), mystery.Number("unpriced_input_tokens")));
        Assert.Equal(21.5, c.GetProperty("by_date").EnumerateObject().Sum(d => d.Value.Number("cost_usd")), 9);
    }

    [Fact]
    public async Task CostSummary_24h_OnlyCallsOfTheLastDay()
    {
        var c = await Sidecar.GetJsonAsync("/api/v1/metrics/cost-summary?window=24h");
        // call-b 0.50, call-c unpriced, call-x 3.00.
        Assert.Equal(3, c.GetProperty("total").Number("calls"));
        Assert.Equal(3.5, c.GetProperty("total").Number("cost_usd"), 9);
    }

    [Theory]
    [InlineData("/api/v1/metrics/scoreboard?window=1w", "window")]
    [InlineData("/api/v1/metrics/scoreboard?window=", "window")]
    [InlineData("/api/v1/metrics/scoreboard?window=7d&window=24h", "window")]
    [InlineData("/api/v1/metrics/dashboard?window=2d", "window")]
    [InlineData("/api/v1/metrics/dashboard?window=7d&from=2026-01-01T00:00:00Z", "window")]
    [InlineData("/api/v1/metrics/cost-summary?from=yesterday", "from")]
    [InlineData("/api/v1/metrics/cost-summary?from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z", "from")]
    [InlineData("/api/v1/metrics/ws-executions?status=DONE", "status")]
    [InlineData("/api/v1/metrics/ws-executions?limit=0", "limit")]
    [InlineData("/api/v1/metrics/ws-executions?limit=many", "limit")]
    [InlineData("/api/v1/metrics/ws-executions?to=2026-02-01T00:00:00", "to")]
    public async Task Reads_BadParameter_Are400ProblemNamingIt(string path, string field) =>
        AnalyticsHttp.AssertProblem(await Sidecar.GetAsync(path), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task WsExecution_Unknown_Is404Problem()
    {
        var response = await Sidecar.GetAsync("/api/v1/metrics/ws-executions/no-such-run");
        AnalyticsHttp.AssertProblem(response, HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task WsExecutions_Limit_PagesNewestFirst()
    {
        var page = await Sidecar.GetJsonAsync("/api/v1/metrics/ws-executions?limit=2");
        Assert.Equal(["run-c", "run-b"], page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal((2.0, 4.0), (page.Number("count"), page.Number("matched")));
    }
}
