using System.Globalization;
using System.Net;
using Observability.Sidecar.Tests.Analytics;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>
/// A Claude Code session's worth of OTLP traffic (its events and two cumulative metric exports, from the fixtures written
/// from Claude Code's Monitoring docs), plus a Codex session, on a sidecar of their own: the llm:call, human:intervention
/// and cost figures on /metrics and in the analytics, and a second delivery of everything counted once.
/// </summary>
public sealed class ClaudeCodeSessionTests(ClaudeCodeSessionTests.Fixture fixture) : IClassFixture<ClaudeCodeSessionTests.Fixture>
{
    [Fact]
    public async Task Session_LogsAndCumulativeMetrics_ExpectedFiguresOnMetricsAndAnalytics()
    {
        var sidecar = fixture.Sidecar;
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await Post(sidecar, "/v1/logs", "claude-code-session-logs.json");
            await Post(sidecar, "/v1/metrics", "claude-code-metrics-cumulative-1.json");
            await Post(sidecar, "/v1/metrics", "claude-code-metrics-cumulative-2.json");
            await Post(sidecar, "/v1/logs", "codex-logs.json");
        }

        var m = await sidecar.ScrapeAsync();
        Assert.Equal(2, m.Value("agentobs_llm_calls_total", "model", "claude-sonnet-4-5"));
        Assert.Equal(1, m.Value("agentobs_llm_calls_total", "model", "claude-haiku-4-5"));
        Assert.Equal(1, m.Value("agentobs_llm_calls_total", "model", "gpt-5-codex"));
        Assert.Equal(0.0394, m.ValueOrZero("agentobs_llm_cost_usd_total", "model", "claude-sonnet-4-5"), 9);
        Assert.Equal(3600, m.Value("agentobs_llm_tokens_total", "model", "claude-sonnet-4-5", "direction", "input"));
        Assert.Equal(2, m.Value("agentobs_human_interventions_total", "reason", "user_reject"));
        Assert.Equal(1, m.Value("agentobs_human_interventions_total", "reason", "user_temporary"));
        Assert.Equal(1, m.Value("agentobs_agent_tool_decisions_total", "agent", "claude-code", "tool", "Bash", "decision", "reject", "source", "user_reject"));
        Assert.Equal(1, m.Value("agentobs_agent_tool_results_total", "agent", "claude-code", "tool", "Edit", "success", "false"));
        Assert.Equal(1, m.Value("agentobs_agent_api_errors_total", "agent", "claude-code", "status_code", "529"));
        Assert.Equal(10, SumEvents(m, "claude-code"));

        // Cumulative exports of 1x then 2x each counter: the increments add up to the last totals, once.
        Assert.Equal(0.08, m.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", "claude-sonnet-4-5"), 9);
        Assert.Equal(62400, m.Value("agentobs_agent_tokens_total", "agent", "claude-code", "model", "claude-sonnet-4-5", "type", "cacheRead"));
        Assert.Equal(240, m.Value("agentobs_agent_lines_of_code_total", "agent", "claude-code", "type", "added"));
        Assert.Equal(2, m.Value("agentobs_agent_commits_total", "agent", "claude-code"));
        Assert.Equal(1, m.Value("agentobs_agent_pull_requests_total", "agent", "claude-code"));
        Assert.Equal(1, m.Value("agentobs_agent_code_edit_decisions_total", "agent", "claude-code", "tool", "Write", "decision", "reject", "source", "user_reject"));
        Assert.Equal(191, m.Value("agentobs_agent_active_time_seconds_total", "agent", "claude-code", "type", "user"));
        Assert.Equal(1, m.Value("agentobs_agent_sessions_total", "agent", "claude-code"));

        // The agent's own cost wins for its calls; Codex reports none, so the price table estimates it; both are shown.
        var costs = await sidecar.GetJsonAsync("/api/v1/metrics/cost-summary?window=all");
        var byModel = costs.GetProperty("by_model");
        Assert.Equal(0.0394, byModel.GetProperty("claude-sonnet-4-5").GetProperty("reported_cost_usd").GetDouble(), 9);
        Assert.Equal(0, byModel.GetProperty("claude-sonnet-4-5").GetProperty("estimated_cost_usd").GetDouble());
        var codex = byModel.GetProperty("gpt-5-codex");
        Assert.Equal(0, codex.GetProperty("reported_cost_usd").GetDouble());
        Assert.Equal((8120 * 1.25 + 1432 * 10) / 1e6, codex.GetProperty("estimated_cost_usd").GetDouble(), 9);
        Assert.Equal(0.04 + (8120 * 1.25 + 1432 * 10) / 1e6, costs.GetProperty("total").GetProperty("cost_usd").GetDouble(), 9);
    }

    private static double SumEvents(MetricsSnapshot m, string agent) =>
        m.Samples.Where(s => s.Name == "agentobs_agent_events_total" && s.Label("agent") == agent).Sum(s => s.Value);

    private static async Task Post(SidecarProcess sidecar, string path, string fixture)
    {
        var response = await OtlpHttp.PostFixtureAsync(sidecar, path, fixture);
        Assert.True(response.Status == HttpStatusCode.OK, $"{fixture}: {response}");
        Assert.False(response.Json.TryGetProperty("partialSuccess", out _), $"{fixture}: {response}");
    }

    public sealed class Fixture : SidecarFixture
    {
        protected override IReadOnlyList<string> Arguments =>
        [
            "--Analytics:Prices:0:Model", "gpt-5-codex",
            "--Analytics:Prices:0:InputPerMillion", (1.25).ToString(CultureInfo.InvariantCulture),
            "--Analytics:Prices:0:OutputPerMillion", "10",
        ];
    }
}
