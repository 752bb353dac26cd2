using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// One tick's worth of events of the scripted scenario (the scenario posts a tick every half second). Healthy ticks
/// keep every seed 001 KPI on the good side of its threshold even over the scenario's 15-second windows; unhealthy
/// ticks push each one over it.
/// </summary>
internal static class ScenarioEvents
{
    private const string Model = "claude-opus-4";

    public static List<JsonNode> Healthy(int tick)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonNode>();
        for (var i = 0; i < 7; i++)
        {
            events.Add(Started(tick, i, now, "impl"));
        }

        for (var i = 0; i < 6; i++)
        {
            events.Add(Make("task:completed", $"t-{tick}-{i}", now, Outcome("impl", "build", 1800, success: true), TestEvents.Agent(Model, "impl", 1000, 200)));
        }

        events.Add(Make("task:failed", $"t-{tick}-6", now, Failed("impl", 1800)));
        events.Add(Make("human:intervention", $"t-{tick}-6", now, new JsonObject { ["reason"] = "stuck" }));
        for (var i = 0; i < 20; i++)
        {
            events.Add(Make("pipeline:completed", $"run-{tick}-{i}", now, Pipeline(success: true)));
        }

        events.Add(Make("pipeline:completed", $"run-{tick}-f", now, Pipeline(success: false)));
        events.Add(Make("pipeline:started", $"run-{tick}-s", now, new JsonObject { ["stage"] = "test" }));
        events.Add(Make("coverage:reported", $"run-{tick}", now, new JsonObject { ["percent"] = 85.5, ["project"] = "damascus" }));
        events.Add(Make("lint:reported", $"run-{tick}", now, new JsonObject { ["severity"] = "error", ["count"] = 0 }));
        events.Add(Make("test:run", $"run-{tick}", now, TestRun(passed: 100, failed: 1, flaky: 1, seconds: 240)));
        events.Add(Make("review:completed", $"PR-{tick}", now, new JsonObject { ["turnaroundSeconds"] = 3600, ["prSizeLines"] = 300 }));
        events.Add(Make("deployment:completed", $"deploy-{tick}", now, new JsonObject { ["environment"] = "production", ["success"] = true, ["durationSeconds"] = 90 }));
        events.AddRange(Defect(tick, now, escaped: false, detectionSeconds: 3600, resolutionSeconds: 3600));
        events.AddRange(Request(tick, now, leadSeconds: 86400));
        events.Add(Make("ai:code", $"PR-{tick}", now, new JsonObject { ["linesGenerated"] = 100, ["linesAccepted"] = 90 }, TestEvents.Agent(Model, "impl")));
        events.Add(Make("llm:call", $"call-{tick}", now, new JsonObject { ["costUsd"] = 0.25, ["phase"] = "implement" }, TestEvents.Agent(Model, "impl", 12000, 1800)));
        events.Add(Make("workitem:reviewed", $"WI-{tick}", now, new JsonObject { ["verdict"] = "approved", ["project"] = "damascus" }));
        events.Add(Make("workitem:merged", $"WI-{tick}", now, new JsonObject { ["attempts"] = 1, ["project"] = "damascus", ["finalVerdict"] = "approved" }));
        events.Add(Make("task:rework", $"t-{tick}-0", now, new JsonObject { ["taskType"] = "impl", ["agentType"] = "impl", ["reason"] = "review_changes_requested" }));
        events.Add(Make("chain:created", $"CHAIN-{tick}", now));
        var ws = $"ws-{tick}";
        events.Add(Make("ws:execution", ws, now, new JsonObject { ["status"] = "STARTED", ["wsId"] = "WS-OPS-001", ["executor"] = "claude_code" }));
        events.Add(Make("ws:phase", ws, now, new JsonObject { ["phase"] = "implement", ["wsExecutionId"] = ws, ["result"] = "pass", ["durationSeconds"] = 120 }));
        events.Add(Make("bug:fixed", $"BF-{tick}", now, new JsonObject { ["wsExecutionId"] = ws, ["autonomous"] = true }));
        // The feed's first tick is 1.
        if (tick == 1)
        {
            events.AddRange(Declarations(now));
        }

        return events;
    }

    /// <summary>
    /// An experiment on the model and a goal over the impl tasks, declared once, so the experiments dashboard's panels
    /// have series: the control arm fills with the healthy tasks, the goal gets throughput and a forecast (on track
    /// within a second or two: 10,000 impl tasks by 2099 needs about 11 done in the last 28 days).
    /// </summary>
    public static IEnumerable<JsonNode> Declarations(DateTimeOffset now)
    {
        yield return new JsonObject
        {
            ["id"] = "ops-experiment-declared",
            ["timestamp"] = now.ToString("O"),
            ["eventType"] = "experiment:declared",
            ["entityId"] = "ops-models",
            ["metadata"] = new JsonObject
            {
                ["name"] = "ops-models",
                ["dimension"] = "model",
                ["variants"] = new JsonArray(new JsonObject { ["name"] = Model, ["control"] = true }, new JsonObject { ["name"] = "claude-sonnet-4" }),
            },
        };
        yield return new JsonObject
        {
            ["id"] = "ops-goal-declared",
            ["timestamp"] = now.ToString("O"),
            ["eventType"] = "goal:declared",
            ["entityId"] = "ops-impl",
            ["metadata"] = new JsonObject { ["name"] = "ops-impl", ["targetCount"] = 10_000, ["filter"] = new JsonObject { ["taskType"] = "impl" }, ["due"] = "2099-01-01T00:00:00Z" },
        };

        // A reflection run with one rule and one anti-pattern, so the learning dashboard's confidence panel has series.
        yield return new JsonObject
        {
            ["id"] = "reflection:demand:ops",
            ["timestamp"] = now.ToString("O"),
            ["eventType"] = "reflection:run",
            ["entityId"] = "reflection:demand:ops",
            ["metadata"] = new JsonObject
            {
                ["runId"] = "reflection:demand:ops",
                ["trigger"] = "demand",
                ["rules"] = new JsonArray(OpsRule("b-0000000000aa", "rule", now), OpsRule("ap-0000000000bb", "anti_pattern", now)),
            },
        };
    }

    private static JsonObject OpsRule(string id, string kind, DateTimeOffset at) => new()
    {
        ["id"] = id, ["kind"] = kind, ["content"] = "ops", ["alpha"] = 4, ["beta"] = 1, ["evidence"] = 3, ["lastEvidenceAt"] = at.ToString("O"), ["source"] = "ops",
    };

    public static List<JsonNode> Unhealthy(int tick)
    {
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonNode>();
        for (var i = 0; i < 10; i++)
        {
            events.Add(Started(tick, i, now, "impl"));
        }

        // No task succeeds: failure rate, completion, throughput and AI completion all go bad, and tasks take 10 h.
        for (var i = 0; i < 6; i++)
        {
            events.Add(Make("task:failed", $"t-{tick}-{i}", now, Failed("impl", 36000)));
        }

        for (var i = 0; i < 5; i++)
        {
            events.Add(Make("human:intervention", $"t-{tick}-{i}", now, new JsonObject { ["reason"] = "ambiguous_spec" }));
        }

        // A label value per event: the cardinality guard folds them once the family is full.
        for (var i = 0; i < 5; i++)
        {
            events.Add(Started(tick, 100 + i, now, $"burst-{TestEvents.Unique()}"));
        }

        for (var i = 0; i < 10; i++)
        {
            events.Add(Make("pipeline:completed", $"run-{tick}-{i}", now, Pipeline(success: false)));
        }

        events.Add(Make("coverage:reported", $"run-{tick}", now, new JsonObject { ["percent"] = 61.5 }));
        events.Add(Make("lint:reported", $"run-{tick}", now, new JsonObject { ["severity"] = "error", ["count"] = 50 }));
        events.Add(Make("test:run", $"run-{tick}", now, TestRun(passed: 50, failed: 10, flaky: 20, seconds: 900)));
        events.Add(Make("review:completed", $"PR-{tick}", now, new JsonObject { ["turnaroundSeconds"] = 21600, ["prSizeLines"] = 1500 }));
        events.Add(Make("deployment:completed", $"deploy-{tick}", now, new JsonObject { ["environment"] = "production", ["success"] = false }));
        events.Add(Make("deployment:rolledback", $"deploy-{tick}", now, new JsonObject { ["environment"] = "production", ["reason"] = "error_rate" }));
        events.AddRange(Defect(tick, now, escaped: true, detectionSeconds: 3 * 86400, resolutionSeconds: 2 * 86400));
        events.AddRange(Request(tick, now, leadSeconds: 10 * 86400));
        events.Add(Make("ai:code", $"PR-{tick}", now, new JsonObject { ["linesGenerated"] = 100, ["linesAccepted"] = 40 }, TestEvents.Agent(Model, "impl")));
        events.Add(Make("llm:call", $"call-{tick}", now, new JsonObject { ["costUsd"] = 0.5 }, TestEvents.Agent(Model, "impl", 24000, 3000)));

        // Invalid events: no entityId. The batch is still accepted item by item; these are rejected.
        for (var i = 0; i < 10; i++)
        {
            var bad = Make("task:started", "x", now);
            bad.Remove("entityId");
            events.Add(bad);
        }

        return events;
    }

    private static JsonObject Make(string type, string entity, DateTimeOffset at, JsonObject? metadata = null, JsonObject? agent = null) =>
        TestEvents.Make(TestEvents.NewId(type.Replace(':', '-')), type, entity, at, metadata, agent);

    private static JsonObject Started(int tick, int i, DateTimeOffset at, string agentType) =>
        Make("task:started", $"t-{tick}-{i}", at, new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = agentType }, TestEvents.Agent(Model, "impl"));

    private static JsonObject Outcome(string agentType, string stage, int seconds, bool success) => new()
    {
        ["taskType"] = "impl",
        ["stage"] = stage,
        ["agentType"] = agentType,
        ["durationSeconds"] = seconds,
        ["success"] = success,
        ["costUsd"] = 0.02,
    };

    private static JsonObject Failed(string agentType, int seconds) => new()
    {
        ["taskType"] = "impl",
        ["stage"] = "test",
        ["agentType"] = agentType,
        ["failureType"] = "test_failure",
        ["durationSeconds"] = seconds,
    };

    private static JsonObject Pipeline(bool success)
    {
        var metadata = new JsonObject { ["stage"] = "test", ["success"] = success, ["durationSeconds"] = success ? 60 : 200 };
        if (!success)
        {
            metadata["failureType"] = "flaky_test";
        }

        return metadata;
    }

    private static JsonObject TestRun(int passed, int failed, int flaky, int seconds) =>
        new() { ["passed"] = passed, ["failed"] = failed, ["skipped"] = 2, ["flaky"] = flaky, ["durationSeconds"] = seconds };

    private static IEnumerable<JsonObject> Defect(int tick, DateTimeOffset at, bool escaped, int detectionSeconds, int resolutionSeconds)
    {
        var bug = $"BUG-{tick}-{TestEvents.Unique()}";
        yield return Make("defect:detected", bug, at, new JsonObject
        {
            ["severity"] = "high",
            ["introducedAt"] = TestEvents.Iso(at.AddSeconds(-detectionSeconds)),
            ["escaped"] = escaped,
        });
        yield return Make("defect:resolved", bug, at, new JsonObject { ["severity"] = "high", ["durationSeconds"] = resolutionSeconds });
    }

    private static IEnumerable<JsonObject> Request(int tick, DateTimeOffset at, int leadSeconds)
    {
        var request = $"CR-{tick}-{TestEvents.Unique()}";
        yield return Make("request:created", request, at);
        yield return Make("request:closed", request, at, new JsonObject { ["durationSeconds"] = leadSeconds });
    }
}
