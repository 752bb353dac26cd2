using System.Globalization;
using System.Text.Json.Nodes;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// One tick of a Claude Code session over OTLP JSON for the scenario, so the coding-agents dashboard's queries have data:
/// its events (an API request, tool decisions and results, every other tick a person's rejection, a failed tool and an
/// API error) and a delta export of its counters covering the tick.
/// </summary>
internal static class ScenarioOtlp
{
    private const long TickNanos = 500_000_000;
    private static readonly string Session = $"scenario-{Guid.NewGuid():N}";
    private static readonly long Origin = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    public static string Logs(int tick)
    {
        var time = Origin + (tick * TickNanos);
        var records = new JsonArray();
        var sequence = tick * 10;
        void Add(string name, params (string Key, JsonNode Value)[] attributes)
        {
            var list = new JsonArray
            {
                Attribute("event.name", name), Attribute("session.id", Session), Attribute("event.sequence", ++sequence),
            };
            foreach (var (key, value) in attributes)
            {
                list.Add(new JsonObject { ["key"] = key, ["value"] = value });
            }

            records.Add(new JsonObject
            {
                ["timeUnixNano"] = time.ToString(CultureInfo.InvariantCulture),
                ["body"] = new JsonObject { ["stringValue"] = "claude_code." + name },
                ["attributes"] = list,
            });
        }

        Add("api_request", S("model", "claude-sonnet-4-5"), D("cost_usd", 0.01), S("input_tokens", "1000"), S("output_tokens", "200"),
            S("cache_read_tokens", "5000"), S("cache_creation_tokens", "100"), S("duration_ms", "1500"));
        Add("tool_decision", S("tool_name", "Read"), S("decision", "accept"), S("source", "config"));
        Add("tool_result", S("tool_name", "Read"), S("success", "true"), S("duration_ms", "12"));
        if (tick % 2 == 0)
        {
            Add("tool_decision", S("tool_name", "Bash"), S("decision", "reject"), S("source", "user_reject"));
            Add("tool_result", S("tool_name", "Edit"), S("success", "false"), S("error_type", "file_not_found"));
            Add("api_error", S("model", "claude-sonnet-4-5"), S("status_code", "529"), S("error", "Overloaded"));
        }

        return new JsonObject
        {
            ["resourceLogs"] = new JsonArray(new JsonObject
            {
                ["resource"] = Resource(),
                ["scopeLogs"] = new JsonArray(new JsonObject { ["scope"] = new JsonObject { ["name"] = "com.anthropic.claude_code.events" }, ["logRecords"] = records }),
            }),
        }.ToJsonString();
    }

    public static string Metrics(int tick)
    {
        var start = Origin + ((tick - 1) * TickNanos);
        var time = Origin + (tick * TickNanos);
        JsonObject Sum(string name, params (double Value, (string Key, string Value)[] Attributes)[] points)
        {
            var list = new JsonArray();
            foreach (var (value, attributes) in points)
            {
                var attributeList = new JsonArray { Attribute("session.id", Session) };
                foreach (var (key, text) in attributes)
                {
                    attributeList.Add(Attribute(key, text));
                }

                list.Add(new JsonObject
                {
                    ["startTimeUnixNano"] = start.ToString(CultureInfo.InvariantCulture),
                    ["timeUnixNano"] = time.ToString(CultureInfo.InvariantCulture),
                    ["asDouble"] = value,
                    ["attributes"] = attributeList,
                });
            }

            return new JsonObject { ["name"] = name, ["sum"] = new JsonObject { ["aggregationTemporality"] = 1, ["isMonotonic"] = true, ["dataPoints"] = list } };
        }

        var metrics = new JsonArray
        {
            Sum("claude_code.session.count", (1, [])),
            Sum("claude_code.cost.usage", (0.01, [("model", "claude-sonnet-4-5")])),
            Sum("claude_code.token.usage", (1000, [("model", "claude-sonnet-4-5"), ("type", "input")]), (200, [("model", "claude-sonnet-4-5"), ("type", "output")]),
                (5000, [("model", "claude-sonnet-4-5"), ("type", "cacheRead")]), (100, [("model", "claude-sonnet-4-5"), ("type", "cacheCreation")])),
            Sum("claude_code.lines_of_code.count", (12, [("type", "added")]), (3, [("type", "removed")])),
            Sum("claude_code.commit.count", (1, [])),
            Sum("claude_code.pull_request.count", (1, [])),
            Sum("claude_code.code_edit_tool.decision", (1, [("tool_name", "Edit"), ("decision", "accept"), ("source", "config"), ("language", "C#")])),
            Sum("claude_code.active_time.total", (0.25, [("type", "user")]), (0.4, [("type", "cli")])),
        };
        return new JsonObject
        {
            ["resourceMetrics"] = new JsonArray(new JsonObject
            {
                ["resource"] = Resource(),
                ["scopeMetrics"] = new JsonArray(new JsonObject { ["scope"] = new JsonObject { ["name"] = "com.anthropic.claude_code" }, ["metrics"] = metrics }),
            }),
        }.ToJsonString();
    }

    private static JsonObject Resource() => new()
    {
        ["attributes"] = new JsonArray { Attribute("service.name", "claude-code"), Attribute("project", "damascus") },
    };

    private static JsonObject Attribute(string key, string value) => new() { ["key"] = key, ["value"] = new JsonObject { ["stringValue"] = value } };

    private static JsonObject Attribute(string key, int value) => new() { ["key"] = key, ["value"] = new JsonObject { ["intValue"] = value.ToString(CultureInfo.InvariantCulture) } };

    private static (string, JsonNode) S(string key, string value) => (key, new JsonObject { ["stringValue"] = value });

    private static (string, JsonNode) D(string key, double value) => (key, new JsonObject { ["doubleValue"] = value });
}
