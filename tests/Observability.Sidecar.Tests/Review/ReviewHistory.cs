using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Review;

/// <summary>
/// A generated history, relative to the real "now" (the sidecar runs on the system clock), holding one of each
/// condition the scenario checks: a stale and a stuck task, a duplicate, a timeout cluster, a cost spike and an
/// over-budget day, a flaky test suite, and an approval followed by rework.
/// </summary>
internal static class ReviewHistory
{
    /// <summary>The cost per UTC day of the 14 days before today, oldest first; today: 2 + 3 = 5 USD.</summary>
    public static readonly double[] DailyCost = [1.0, 1.2, 0.9, 1.1, 1.0, 1.3, 0.8, 1.0, 1.1, 0.9, 1.2, 1.0, 1.0, 1.1];

    public static JsonNode[] Events(DateTimeOffset now, string u)
    {
        var events = new List<JsonNode>();
        var n = 0;
        void Add(string type, string entity, DateTimeOffset at, JsonObject? metadata = null, JsonObject? agent = null) =>
            events.Add(TestEvents.Make($"{u}-{n++}", type, entity, at, metadata, agent));

        // Stale: created 30 h ago, never started.
        Add("task:created", $"stale-{u}", now.AddHours(-30), new JsonObject { ["title"] = $"Write the changelog {u}", ["priority"] = "low" });

        // Stuck: five impl tasks took 600..3000 s (p95 3000 s, limit 3 × 3000 = 9000 s); one has run 20000 s.
        double[] cycles = [600, 1200, 1800, 2400, 3000];
        for (var i = 0; i < cycles.Length; i++)
        {
            Add("task:started", $"done-{u}-{i}", now.AddDays(-2), new JsonObject { ["taskType"] = $"impl-{u}" });
            Add("task:completed", $"done-{u}-{i}", now.AddDays(-2).AddSeconds(cycles[i]), new JsonObject { ["taskType"] = $"impl-{u}" });
        }

        Add("task:started", $"stuck-{u}", now.AddSeconds(-20000), new JsonObject { ["taskType"] = $"impl-{u}" });

        // Duplicate: the same title but for case and punctuation, both open and started (so neither is stale).
        Add("task:created", $"dup-a-{u}", now.AddHours(-2), new JsonObject { ["title"] = $"Fix the login bug {u}" });
        Add("task:created", $"dup-b-{u}", now.AddHours(-1), new JsonObject { ["title"] = $"fix the LOGIN bug -- {u.ToUpperInvariant()}!" });

        // Timeout cluster: three timeouts of one stage in the last 24 h (and one 30 h ago, outside).
        foreach (var hours in new[] { 30, 20, 10, 1 })
        {
            Add("task:failed", $"to-{u}-{hours}", now.AddHours(-hours), new JsonObject { ["stage"] = $"verify-{u}", ["failureType"] = "timeout" });
        }

        // Usage: one call a day for 14 days, then 2 + 3 USD today (tokens 1000 per USD).
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        for (var d = 0; d < DailyCost.Length; d++)
        {
            Add("llm:call", $"call-{u}", today.AddDays(-(DailyCost.Length - d)).AddHours(10), Cost(DailyCost[d], u), Agent(DailyCost[d], u));
        }

        var todayAt = now.AddSeconds(-1) < today ? today : now.AddSeconds(-1);
        Add("llm:call", $"call-{u}", todayAt, Cost(2, u), Agent(2, u));
        Add("llm:call", $"call-{u}", todayAt, Cost(3, u), Agent(3, u));

        // Flaky: 2 + 1 flaky tests in the last 24 h.
        Add("test:run", $"suite-{u}", now.AddHours(-6), new JsonObject { ["passed"] = 10, ["failed"] = 0, ["flaky"] = 2 });
        Add("test:run", $"suite-{u}", now.AddHours(-2), new JsonObject { ["passed"] = 10, ["failed"] = 0, ["flaky"] = 1 });

        // Review consistency: approved 10 h ago, reworked 5 h later.
        Add("workitem:reviewed", $"wi-{u}", now.AddHours(-10), new JsonObject { ["verdict"] = "approved", ["project"] = $"proj-{u}" });
        Add("task:rework", $"wi-{u}", now.AddHours(-5), new JsonObject { ["reason"] = "missed an edge case" });
        return [.. events];
    }

    private static JsonObject Cost(double usd, string u) => new() { ["costUsd"] = usd, ["project"] = $"proj-{u}" };

    private static JsonObject Agent(double usd, string u) =>
        TestEvents.Agent($"model-{u}", "impl", (long)Math.Round(usd * 800), (long)Math.Round(usd * 200));
}
