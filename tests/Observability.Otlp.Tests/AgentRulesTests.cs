using System.Text.Json;
using Observability.Inbound;
using Observability.Otlp;

namespace Observability.Otlp.Tests;

/// <summary>The shipped otlp.yaml rules over each agent's fixture (written from its published telemetry docs).</summary>
public sealed class AgentRulesTests
{
    private static readonly InboundMapping Mapping = InboundMapping.Load();

    [Fact]
    public void Translate_ClaudeCodeSession_LlmCallsHumanInterventionsAndEveryEventByName()
    {
        var events = Translate("claude-code-session-logs.json");

        Assert.Equal(3, events.Count(e => Type(e) == "llm:call"));
        Assert.Equal(["user_reject", "user_temporary"], events.Where(e => Type(e) == "human:intervention").Select(e => e.GetProperty("metadata").GetProperty("reason").GetString()));
        Assert.Equal(10, events.Count(e => Type(e) == "agent:event"));
        Assert.All(events, e => Assert.Equal("claude-code", e.GetProperty("source").GetString()));

        var call = events.First(e => Type(e) == "llm:call");
        Assert.Equal("claude-sonnet-4-5", call.GetProperty("agent").GetProperty("model").GetString());
        Assert.Equal(1200, call.GetProperty("agent").GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.Equal(380, call.GetProperty("agent").GetProperty("tokens").GetProperty("output").GetInt64());
        var metadata = call.GetProperty("metadata");
        Assert.Equal(0.0123, metadata.GetProperty("costUsd").GetDouble());
        Assert.Equal(15000, metadata.GetProperty("cacheReadTokens").GetInt64());
        Assert.Equal(2048, metadata.GetProperty("cacheCreationTokens").GetInt64());
        Assert.Equal(4.21, metadata.GetProperty("durationSeconds").GetDouble(), 6);
        Assert.Equal("checkout", metadata.GetProperty("project").GetString());
        Assert.Equal("6c3d2a0e-1f4b-4c1e-9a55-0b9d4f1e2a77", call.GetProperty("entityId").GetString());
        Assert.StartsWith("2025-12-05T02:00:01", call.GetProperty("timestamp").GetString(), StringComparison.Ordinal);

        var failure = events.Single(e => Type(e) == "agent:event" && e.GetProperty("metadata").GetProperty("name").GetString() == "claude_code.tool_result"
            && !e.GetProperty("metadata").GetProperty("success").GetBoolean());
        Assert.Equal("Edit", failure.GetProperty("metadata").GetProperty("tool").GetString());
        var error = events.Single(e => Type(e) == "agent:event" && e.GetProperty("metadata").GetProperty("kind").GetString() == "api_error");
        Assert.Equal("529", error.GetProperty("metadata").GetProperty("statusCode").GetString());
    }

    [Fact]
    public void Translate_ClaudeCodeSessionTwice_SameIds()
    {
        var first = Translate("claude-code-session-logs.json").Select(e => e.GetProperty("id").GetString()).ToList();
        var second = Translate("claude-code-session-logs.json").Select(e => e.GetProperty("id").GetString()).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void Translate_Codex_TokenCountsOnCompletedResponseAndUserDenial()
    {
        var events = Translate("codex-logs.json");

        var call = Assert.Single(events, e => Type(e) == "llm:call");
        Assert.Equal("gpt-5-codex", call.GetProperty("agent").GetProperty("model").GetString());
        Assert.Equal(8120, call.GetProperty("agent").GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.False(call.GetProperty("metadata").TryGetProperty("costUsd", out _));
        var human = Assert.Single(events, e => Type(e) == "human:intervention");
        Assert.Equal("user_reject", human.GetProperty("metadata").GetProperty("reason").GetString());
        Assert.Equal(8, events.Count(e => Type(e) == "agent:event"));
        Assert.All(events, e => Assert.Equal("codex", e.GetProperty("source").GetString()));
    }

    [Fact]
    public void Translate_GeminiCli_ApiResponseAndRejectedToolCall()
    {
        var events = Translate("gemini-cli-logs.json");

        var call = Assert.Single(events, e => Type(e) == "llm:call");
        Assert.Equal(5400, call.GetProperty("agent").GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.Equal(3.12, call.GetProperty("metadata").GetProperty("durationSeconds").GetDouble(), 6);
        var human = Assert.Single(events, e => Type(e) == "human:intervention");
        Assert.Equal("run_shell_command", human.GetProperty("metadata").GetProperty("tool").GetString());
        Assert.Equal(7, events.Count(e => Type(e) == "agent:event"));
    }

    [Fact]
    public void Translate_ClaudeCodeMetrics_OneUsageEventPerPointWithSeriesAndTemporality()
    {
        var events = Translate("claude-code-metrics-cumulative-1.json", metrics: true);

        Assert.Equal(14, events.Count);
        var cost = Assert.Single(events, e => e.GetProperty("metadata").GetProperty("metric").GetString() == "claude_code.cost.usage");
        Assert.Equal("agent:usage", Type(cost));
        Assert.Equal("cumulative", cost.GetProperty("metadata").GetProperty("temporality").GetString());
        Assert.Equal(0.04, cost.GetProperty("metadata").GetProperty("value").GetDouble());
        Assert.Equal("claude-sonnet-4-5", cost.GetProperty("agent").GetProperty("model").GetString());
        Assert.Equal(32, cost.GetProperty("metadata").GetProperty("series").GetString()!.Length);
        var decision = Assert.Single(events, e => e.GetProperty("metadata").GetProperty("metric").GetString() == "claude_code.code_edit_tool.decision"
            && e.GetProperty("metadata").GetProperty("decision").GetString() == "reject");
        Assert.Equal("Write", decision.GetProperty("metadata").GetProperty("tool").GetString());
        Assert.Equal("user_reject", decision.GetProperty("metadata").GetProperty("decisionSource").GetString());
    }

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "agents", name);

    private static string? Type(JsonElement e) => e.GetProperty("eventType").GetString();

    private static List<JsonElement> Translate(string fixture, bool metrics = false)
    {
        var bytes = File.ReadAllBytes(Fixture(fixture));
        using var documents = metrics
            ? MetricDocuments.Build(OtlpDecoder.DecodeMetrics(bytes, OtlpEncoding.Json), new OtlpContext())
            : LogDocuments.Build(OtlpDecoder.DecodeLogs(bytes, OtlpEncoding.Json), new OtlpContext());
        var kind = metrics ? MetricDocuments.Kind : LogDocuments.Kind;
        return [.. documents.Items.SelectMany(d => Mapping.Translate(kind, d).Events).Select(e => JsonDocument.Parse(e.Json).RootElement.Clone())];
    }
}
