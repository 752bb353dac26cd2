using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Learning;
using Observability.Learning.Patterns;
using Observability.Learning.Playbook;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Learning;

/// <summary>
/// The learning system over real HTTP against a real sidecar, on a generated history whose patterns are counted by
/// hand here: a reflection on demand, the context a runner gets, outcomes moving confidence, the metrics, bad input,
/// and the playbook after a restart from the snapshot and after a full replay of the log.
/// </summary>
public sealed class LearningApiTests
{
    private const string ImplBugfixRule = "success_pattern:impl:bugfix";

    [Fact]
    public async Task Learning_GeneratedHistory_PatternsContextOutcomesLiveAndAfterRestarts()
    {
        using var directory = new TempDirectory("learning");
        var data = directory.Combine("data");
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        string ruleId;
        JsonElement before;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            var posted = await sidecar.PostEventsAsync([.. History(now)]);
            Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());

            var reflected = await PostAsync(sidecar, "/api/v1/reflect", null);
            Assert.True(reflected.Status == HttpStatusCode.OK, reflected.ToString());
            CheckRun(reflected.Json, now);

            var context = await sidecar.GetAsync("/api/v1/context?task_type=bugfix&agent_type=impl&stage=build");
            Assert.True(context.Status == HttpStatusCode.OK, context.ToString());
            var data1 = context.Json.GetProperty("data");
            Assert.True(context.Json.GetProperty("success").GetBoolean());
            var bullet = Assert.Single(data1.GetProperty("relevantBullets").EnumerateArray());
            Assert.Equal(ImplBugfixRule, bullet.GetProperty("source").GetString());
            ruleId = bullet.GetProperty("id").GetString()!;
            Assert.Equal(RuleDeriver.IdOf(LearningNames.Rule, "success", "impl", "bugfix"), ruleId);

            // Beta(1 + 5 successes, 1 + 0 failures), its newest success a day old: 6/7 · 0.5^(1/90).
            Assert.Equal(6.0 / 7 * Math.Pow(0.5, 1.0 / 90), bullet.GetProperty("confidence").GetDouble(), 3);
            Assert.Equal(5, bullet.GetProperty("evidence_count").GetInt64());
            var anti = Assert.Single(data1.GetProperty("antiPatterns").EnumerateArray());
            Assert.Equal("failure_pattern:build:timeout", anti.GetProperty("source").GetString());
            Assert.Equal(4.0 / 5 * Math.Pow(0.5, 1.0 / 90), anti.GetProperty("confidence").GetDouble(), 3);
            var snippets = data1.GetProperty("historySnippets").EnumerateArray().ToList();
            Assert.Equal(5, snippets.Count);
            Assert.Equal(("ok-0", "success", "m1", 1, 600.0), (
                snippets[0].GetProperty("task_id").GetString(), snippets[0].GetProperty("outcome").GetString(), snippets[0].GetProperty("model").GetString(),
                snippets[0].GetProperty("attempts").GetInt32(), snippets[0].GetProperty("duration_seconds").GetDouble()));
            var retried = (await sidecar.GetAsync("/api/v1/context?stage=build&q=flaky%20login")).Json.GetProperty("data").GetProperty("historySnippets")[0];
            Assert.Equal(("to-a", 2, "success"), (retried.GetProperty("task_id").GetString(), retried.GetProperty("attempts").GetInt32(), retried.GetProperty("outcome").GetString()));

            // The rule shown to a task that then succeeded: Beta(7, 1), renewed now: 7/8; a repeat is a duplicate.
            var outcome = $$"""{"taskId":"next-1","ruleIds":["{{ruleId}}","b-000000000000"],"outcome":"success"}""";
            var recorded = await PostAsync(sidecar, "/api/v1/outcomes", outcome);
            Assert.True(recorded.Status == HttpStatusCode.Created, recorded.ToString());
            Assert.Equal("b-000000000000", Assert.Single(recorded.Json.GetProperty("unknown_rule_ids").EnumerateArray()).GetString());
            Assert.Equal(ruleId, Assert.Single(recorded.Json.GetProperty("rule_ids").EnumerateArray()).GetString());
            var again = await PostAsync(sidecar, "/api/v1/outcomes", outcome.Replace("success\"}", "failure\"}", StringComparison.Ordinal));
            Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
            Assert.Equal("duplicate", again.Json.GetProperty("status").GetString());
            var failed = await PostAsync(sidecar, "/api/v1/outcomes", $$"""{"taskId":"next-2","ruleIds":["{{ruleId}}"],"outcome":"failure"}""");
            Assert.True(failed.Status == HttpStatusCode.Created, failed.ToString());
            before = await RuleAsync(sidecar, ruleId);
            Assert.Equal(7.0 / 9, before.GetProperty("confidence").GetDouble(), 4);
            Assert.Equal(5 + 2, before.GetProperty("evidence_count").GetInt64());

            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(1, metrics.Value("agentobs_learning_playbook_rules", "kind", "rule"));
            Assert.Equal(4, metrics.Value("agentobs_learning_playbook_rules", "kind", "anti_pattern"));
            Assert.Equal(4, metrics.Value("agentobs_learning_anti_patterns_detected_total"));
            Assert.Equal(1, metrics.Value("agentobs_learning_reflection_runs_total", "trigger", "demand"));
            Assert.Equal(0, metrics.Value("agentobs_learning_reflection_runs_total", "trigger", "scheduled"));
            Assert.Equal(1, metrics.Value("agentobs_learning_context_outcomes_total", "outcome", "success"));
            Assert.Equal(1, metrics.Value("agentobs_learning_context_outcomes_total", "outcome", "failure"));
            Assert.Equal(2, metrics.Value("agentobs_learning_patterns", "kind", "failure"));
            Assert.Equal(7.0 / 9, metrics.Value("agentobs_learning_rule_confidence_mean_ratio", "kind", "rule")!.Value, 4);
            Assert.Equal(0, await sidecar.StopAsync());
        }

        // From the snapshot, then from the log alone: the same playbook, outcomes included.
        await using (var restarted = await SidecarProcess.StartAsync(data))
        {
            Assert.Equal(Stable(before), Stable(await RuleAsync(restarted, ruleId)));
            Assert.Equal(0, await restarted.StopAsync());
        }

        await using var replayed = await SidecarProcess.StartAsync(data, "--Sidecar:Snapshot", "false");
        Assert.Equal(Stable(before), Stable(await RuleAsync(replayed, ruleId)));
        Assert.Equal(1, (await replayed.ScrapeAsync()).Value("agentobs_learning_reflection_runs_total", "trigger", "demand"));
    }

    [Fact]
    public async Task Learning_BadInput_400NamingTheFieldAndStillServing()
    {
        using var directory = new TempDirectory("learning-bad");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        foreach (var (query, field) in new[]
        {
            ("task_typ=bugfix", "task_typ"),
            ("stage=a&stage=b", "stage"),
            ("limit=0", "limit"),
            ("limit=51", "limit"),
            ("limit=ten", "limit"),
            ("q=" + new string('x', 257), "q"),
            ("agent_type=", "agent_type"),
        })
        {
            var refused = await sidecar.GetAsync("/api/v1/context?" + query);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{query}: {refused}");
            Assert.Equal("application/problem+json", refused.ContentType);
            Assert.Equal(field, refused.Json.GetProperty("field").GetString());
        }

        foreach (var (body, field) in new[]
        {
            ("""{"ruleIds":["b-1"],"outcome":"success"}""", "taskId"),
            ("""{"taskId":"","ruleIds":["b-1"],"outcome":"success"}""", "taskId"),
            ("""{"taskId":"t","ruleIds":[],"outcome":"success"}""", "ruleIds"),
            ("""{"taskId":"t","ruleIds":[7],"outcome":"success"}""", "ruleIds"),
            ("""{"taskId":"t","ruleIds":"b-1","outcome":"success"}""", "ruleIds"),
            ("""{"taskId":"t","ruleIds":["b-1"],"outcome":"meh"}""", "outcome"),
            ("""{"taskId":"t","ruleIds":["b-1"],"outcome":"success","followed":true}""", "followed"),
            ("""{"taskId":"t",""", "body"),
            ("""[1]""", "body"),
        })
        {
            var refused = await PostAsync(sidecar, "/api/v1/outcomes", body);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{body}: {refused}");
            Assert.Equal(field, refused.Json.GetProperty("field").GetString());
        }

        var reflect = await PostAsync(sidecar, "/api/v1/reflect?now=yesterday", null);
        Assert.Equal(HttpStatusCode.BadRequest, reflect.Status);
        Assert.Equal("now", reflect.Json.GetProperty("field").GetString());

        // An outcome naming no rule the playbook holds is stored and reported, not refused.
        var unknown = await PostAsync(sidecar, "/api/v1/outcomes", """{"taskId":"t","ruleIds":["b-1"],"outcome":"success"}""");
        Assert.True(unknown.Status == HttpStatusCode.Created, unknown.ToString());
        Assert.Equal("b-1", Assert.Single(unknown.Json.GetProperty("unknown_rule_ids").EnumerateArray()).GetString());
        var empty = await sidecar.GetAsync("/api/v1/context");
        Assert.True(empty.Status == HttpStatusCode.OK, empty.ToString());
        Assert.Equal(0, empty.Json.GetProperty("data").GetProperty("relevantBullets").GetArrayLength());
    }

    [Fact]
    public async Task Reflection_ShortSchedule_RunsOnItsOwnAndRefusesABadInterval()
    {
        using var directory = new TempDirectory("learning-schedule");
        await using (var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Learning:ReflectionIntervalHours", "0.0003"))
        {
            var metrics = await sidecar.ScrapeUntilAsync(
                TimeSpan.FromSeconds(20), m => m.ValueOrZero("agentobs_learning_reflection_runs_total", "trigger", "scheduled") >= 2);
            Assert.True(metrics.ValueOrZero("agentobs_learning_reflection_runs_total", "trigger", "scheduled") >= 2, metrics.Text);
            Assert.True(metrics.ValueOrZero("agentobs_learning_last_reflection_timestamp_seconds") > 0);
        }

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("bad")) { Arguments = ["--Learning:HalfLifeDays", "0"] }, TimeSpan.FromSeconds(30));
        Assert.True(exitCode != 0, output);
        Assert.Contains("Learning:HalfLifeDays", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// build:timeout: tasks to-a (fails 3 d ago, completes 2 h later), to-b (fails 2 d ago, completes 4 h later), to-c
    /// (fails 1 d ago, never completes): 3 occurrences, 2 resolved, 3 h on average. review:rejected: 4 failures of
    /// review:spec tasks, none resolved. impl:bugfix: 5 successes of 600-1000 s, the newest a day ago. review:spec: 1
    /// success of 5 attempts; ci:chore: 2 of 5. An old failure 9 days ago is outside the window.
    /// </summary>
    private static IEnumerable<JsonObject> History(DateTimeOffset now)
    {
        var n = 0;
        JsonObject Task(string type, string task, DateTimeOffset at, JsonObject metadata, string? model = null) =>
            TestEvents.Make($"learn-{n++}", type, task, at, metadata, model is null ? null : new JsonObject { ["model"] = model });

        JsonObject Meta(string stage, string taskType, string agentType, string? failureType = null, double? seconds = null, string? title = null)
        {
            var m = new JsonObject { ["stage"] = stage, ["taskType"] = taskType, ["agentType"] = agentType };
            if (failureType is not null)
            {
                m["failureType"] = failureType;
            }

            if (seconds is not null)
            {
                m["durationSeconds"] = seconds;
            }

            if (title is not null)
            {
                m["title"] = title;
            }

            return m;
        }

        yield return Task("task:failed", "to-a", now.AddDays(-3), Meta("build", "chore", "ci", "timeout", title: "Fix the flaky login test"));
        yield return Task("task:completed", "to-a", now.AddDays(-3).AddHours(2), Meta("build", "chore", "ci", title: "Fix the flaky login test"));
        yield return Task("task:failed", "to-b", now.AddDays(-2), Meta("build", "chore", "ci", "timeout"));
        yield return Task("task:completed", "to-b", now.AddDays(-2).AddHours(4), Meta("build", "chore", "ci"));
        yield return Task("task:failed", "to-c", now.AddDays(-1), Meta("build", "chore", "ci", "timeout"));
        yield return Task("task:failed", "to-old", now.AddDays(-9), Meta("build", "chore", "ci", "timeout"));
        for (var i = 0; i < 4; i++)
        {
            yield return Task("task:failed", $"rv-{i}", now.AddDays(-2), Meta("review", "spec", "review", "rejected"));
        }

        yield return Task("task:completed", "rv-ok", now.AddDays(-2), Meta("review", "spec", "review", seconds: 60));
        for (var i = 4; i >= 0; i--)
        {
            yield return Task("task:completed", $"ok-{i}", now.AddDays(-1 - i), Meta("build", "bugfix", "impl", seconds: 600 + (100 * i)), "m1");
        }
    }

    private static void CheckRun(JsonElement run, DateTimeOffset now)
    {
        Assert.Equal("accepted", run.GetProperty("status").GetString());
        Assert.Equal("demand", run.GetProperty("trigger").GetString());
        Assert.StartsWith("reflection:demand:", run.GetProperty("runId").GetString(), StringComparison.Ordinal);
        var failures = run.GetProperty("failurePatterns").EnumerateArray().ToList();
        Assert.Equal(2, failures.Count);
        var rejected = failures[0];
        Assert.Equal(("review", "rejected", 4, 0), (rejected.GetProperty("stage").GetString(), rejected.GetProperty("failureType").GetString(),
            rejected.GetProperty("occurrenceCount").GetInt32(), rejected.GetProperty("resolved").GetInt32()));
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("avgTimeToResolveSeconds").ValueKind);
        var timeout = failures[1];
        Assert.Equal(("build", "timeout", 3, 2), (timeout.GetProperty("stage").GetString(), timeout.GetProperty("failureType").GetString(),
            timeout.GetProperty("occurrenceCount").GetInt32(), timeout.GetProperty("resolved").GetInt32()));
        Assert.Equal(2.0 / 3, timeout.GetProperty("resolutionSuccessRate").GetDouble(), 12);
        Assert.Equal(3 * 3600.0, timeout.GetProperty("avgTimeToResolveSeconds").GetDouble(), 6);
        Assert.Equal(now.AddDays(-1), timeout.GetProperty("lastOccurrence").GetDateTimeOffset());
        Assert.Equal(RecommendedActions.Defaults["timeout"], timeout.GetProperty("recommendedAction").GetString());

        var successes = run.GetProperty("successPatterns").EnumerateArray().ToDictionary(p => p.GetProperty("approach").GetString()!);
        Assert.Equal(3, successes.Count);
        var impl = successes["impl_bugfix"];
        Assert.Equal((5, 5, 1.0, 800.0, true), (impl.GetProperty("attempts").GetInt32(), impl.GetProperty("successes").GetInt32(),
            impl.GetProperty("successRate").GetDouble(), impl.GetProperty("avgTimeToCompleteSeconds").GetDouble(), impl.GetProperty("recommended").GetBoolean()));
        var review = successes["review_spec"];
        Assert.Equal((5, 1, 0.2, false), (review.GetProperty("attempts").GetInt32(), review.GetProperty("successes").GetInt32(),
            review.GetProperty("successRate").GetDouble(), review.GetProperty("recommended").GetBoolean()));
        var ci = successes["ci_chore"];
        Assert.Equal((5, 2), (ci.GetProperty("attempts").GetInt32(), ci.GetProperty("successes").GetInt32()));

        // Anti-patterns: build:timeout and review:rejected (3 or more failures), review_spec (0.2) and ci_chore (0.4) below 0.5.
        Assert.Equal((1, 4), (run.GetProperty("ruleCount").GetInt32(), run.GetProperty("antiPatternCount").GetInt32()));
    }

    private static async Task<JsonElement> RuleAsync(SidecarProcess sidecar, string ruleId)
    {
        var answer = await sidecar.GetAsync("/api/v1/context?task_type=bugfix&agent_type=impl");
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        return answer.Json.GetProperty("data").GetProperty("relevantBullets").EnumerateArray().Single(b => b.GetProperty("id").GetString() == ruleId);
    }

    // Confidence moves with the clock between two answers; four places hold within a test's minutes.
    private static string Stable(JsonElement bullet) =>
        $"{bullet.GetProperty("id")} {bullet.GetProperty("content")} {Math.Round(bullet.GetProperty("confidence").GetDouble(), 4)} {bullet.GetProperty("evidence_count")} {bullet.GetProperty("outcomes")}";

    private static async Task<SidecarResponse> PostAsync(SidecarProcess sidecar, string path, string? json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return await sidecar.SendAsync(request);
    }
}
