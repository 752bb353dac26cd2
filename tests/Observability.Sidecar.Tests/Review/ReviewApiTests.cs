using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Experiments;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Review;

/// <summary>
/// The automated review over real HTTP against a real sidecar, on a generated history (<see cref="ReviewHistory"/>):
/// each finding with its figures computed by hand, a second run opening nothing, a finding closing when its condition
/// clears, the findings API's filters and errors, the gauges, the findings after a restart, and the schedule.
/// </summary>
public sealed class ReviewApiTests
{
    [Fact]
    public async Task Review_GeneratedHistory_OpensEachFindingOnceClosesClearedOnesAndSurvivesRestart()
    {
        using var directory = new TempDirectory("review");
        var data = directory.Combine("data");
        var u = TestEvents.Unique();
        string[] settings = ["--Review:IntervalSeconds", "0", $"--Review:Budgets:proj-{u}", "3"];
        var now = DateTimeOffset.UtcNow;
        Dictionary<string, string> ids;
        await using (var sidecar = await SidecarProcess.StartAsync(data, settings))
        {
            var posted = await sidecar.PostEventsAsync(ReviewHistory.Events(now, u));
            Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());

            var run = await RunAsync(sidecar);
            Assert.Empty(run.GetProperty("closed").EnumerateArray());
            var opened = run.GetProperty("opened").EnumerateArray().ToDictionary(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("subject").GetString()}");
            ids = opened.ToDictionary(p => p.Key, p => p.Value.GetProperty("id").GetString()!);
            CheckFigures(opened, u);

            // A second run finds the same conditions and opens nothing new.
            var again = await RunAsync(sidecar);
            Assert.Empty(again.GetProperty("opened").EnumerateArray());
            Assert.Empty(again.GetProperty("closed").EnumerateArray());

            // Filters, one finding, errors.
            var critical = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/findings?status=open&kind=over_budget&severity=critical");
            Assert.Contains(critical.GetProperty("findings").EnumerateArray(), f => f.GetProperty("subject").GetString() == $"proj-{u}");
            Assert.All(critical.GetProperty("findings").EnumerateArray(), f => Assert.Equal("critical", f.GetProperty("severity").GetString()));
            var one = await ExperimentFixture.GetOkAsync(sidecar, $"/api/v1/findings/{ids[$"stale_task stale-{u}"]}");
            Assert.Equal(("open", "queue", "warning", "task"), (one.GetProperty("status").GetString(), one.GetProperty("category").GetString(), one.GetProperty("severity").GetString(), one.GetProperty("subject_type").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await sidecar.GetAsync("/api/v1/findings/f-0000000000000000")).Status);
            foreach (var (query, field) in new[] { ("status=maybe", "status"), ("kind=nope", "kind"), ("severity=high", "severity"), ("colour=red", "colour") })
            {
                var bad = await sidecar.GetAsync($"/api/v1/findings?{query}");
                Assert.True(bad.Status == HttpStatusCode.BadRequest && bad.ContentType == "application/problem+json", bad.ToString());
                Assert.Equal(field, bad.Json.GetProperty("field").GetString());
            }

            var metrics = await sidecar.ScrapeAsync();
            Assert.True(metrics.Value("agentobs_findings_open", "kind", "over_budget", "severity", "critical") >= 1);
            Assert.Equal(0, metrics.Value("agentobs_findings_open", "kind", "over_budget", "severity", "info"));
            Assert.True(metrics.Value("agentobs_review_runs_total", "trigger", "request", "outcome", "ok") >= 2);

            // The stale task starts: the next run closes its finding, and only that one of this history's.
            var started = await sidecar.PostEventsAsync(TestEvents.Make($"{u}-start", "task:started", $"stale-{u}", DateTimeOffset.UtcNow));
            Assert.True(started.Status == HttpStatusCode.OK, started.ToString());
            var closing = await RunAsync(sidecar);
            var closed = Assert.Single(closing.GetProperty("closed").EnumerateArray(), f => f.GetProperty("subject").GetString()!.EndsWith(u, StringComparison.Ordinal));
            Assert.Equal(ids[$"stale_task stale-{u}"], closed.GetProperty("id").GetString());
            Assert.Equal(("closed", "cleared"), (closed.GetProperty("status").GetString(), closed.GetProperty("closed_reason").GetString()));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        await using var restarted = await SidecarProcess.StartAsync(data, settings);
        var open = await ExperimentFixture.GetOkAsync(restarted, "/api/v1/findings");
        var openIds = open.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(ids.Where(p => !p.Key.StartsWith("stale_task", StringComparison.Ordinal)).Select(p => p.Value).ToHashSet(), openIds);
        var closedAfter = await ExperimentFixture.GetOkAsync(restarted, $"/api/v1/findings/{ids[$"stale_task stale-{u}"]}");
        Assert.Equal("closed", closedAfter.GetProperty("status").GetString());
        var afterRestart = await RunAsync(restarted);
        Assert.Empty(afterRestart.GetProperty("opened").EnumerateArray());
        Assert.Empty(afterRestart.GetProperty("closed").EnumerateArray());
    }

    [Fact]
    public async Task Review_Schedule_RunsByItselfAndPrioritiesAnswer()
    {
        using var directory = new TempDirectory("review-schedule");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Review:IntervalSeconds", "1");
        var u = TestEvents.Unique();
        var now = DateTimeOffset.UtcNow;
        var posted = await sidecar.PostEventsAsync(
            TestEvents.Make($"{u}-1", "task:created", $"old-{u}", now.AddHours(-48), new JsonObject { ["priority"] = "low" }),
            TestEvents.Make($"{u}-2", "task:created", $"urgent-{u}", now.AddHours(-1), new JsonObject { ["priority"] = "critical" }));
        Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement list;
        do
        {
            await Task.Delay(200);
            list = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/findings?kind=stale_task");
        }
        while (list.GetProperty("count").GetInt32() == 0 && DateTime.UtcNow < deadline);
        var stale = Assert.Single(list.GetProperty("findings").EnumerateArray());
        Assert.Equal($"old-{u}", stale.GetProperty("subject").GetString());
        Assert.True((await sidecar.ScrapeAsync()).Value("agentobs_review_runs_total", "trigger", "schedule", "outcome", "ok") >= 1);

        var priorities = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/review/priorities?limit=10");
        var tasks = priorities.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal([$"urgent-{u}", $"old-{u}"], tasks.Select(t => t.GetProperty("task").GetString()));
        Assert.Equal(1, tasks[0].GetProperty("move").GetInt32());
        Assert.Contains("priority critical", tasks[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        var bad = await sidecar.GetAsync("/api/v1/review/priorities?limit=0");
        Assert.Equal("limit", bad.Json.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Review_WsRunOutsideItsAllowedPathsAndAStalledGoal_AreFindings()
    {
        using var directory = new TempDirectory("review-ws");
        var u = TestEvents.Unique();
        await using var sidecar = await SidecarProcess.StartAsync(
            directory.Combine("data"), "--Review:IntervalSeconds", "0", "--Experiments:Goals:0:Name", $"launch-{u}", "--Experiments:Goals:0:TargetCount", "5");
        var started = await ExperimentFixture.PostJsonAsync(
            sidecar, "/api/v1/metrics/ws-execution", $$"""{"execution_id":"run-{{u}}","ws_id":"WS-1","status":"STARTED","allowed_paths":["src/app/","docs/*.md"]}""");
        Assert.True(started.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted, started.ToString());
        var completed = await ExperimentFixture.PostJsonAsync(
            sidecar, "/api/v1/metrics/ws-execution",
            $$$"""{"execution_id":"run-{{{u}}}","ws_id":"WS-1","status":"COMPLETED","file_metrics":{"created":["src/app/a.cs"],"modified":["docs/x.md","secrets/.env"],"deleted":["docs/old/y.md"]}}""");
        Assert.True(completed.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted, completed.ToString());

        // The goal's only unit was created 100 h ago and nothing is done: stalled after 72 h.
        var unit = await sidecar.PostEventsAsync(TestEvents.Make($"{u}-unit", "task:created", $"unit-{u}", DateTimeOffset.UtcNow.AddHours(-100), new JsonObject { ["goal"] = $"launch-{u}" }));
        Assert.True(unit.Status == HttpStatusCode.OK, unit.ToString());

        var opened = (await RunAsync(sidecar)).GetProperty("opened").EnumerateArray().ToList();
        var scope = Assert.Single(opened, f => f.GetProperty("kind").GetString() == "out_of_scope_change");
        Assert.Equal(($"run-{u}", "run"), (scope.GetProperty("subject").GetString(), scope.GetProperty("subject_type").GetString()));

        // secrets/.env and docs/old/y.md match neither src/app/ nor docs/*.md (a * stays within a folder).
        Assert.Equal(2, scope.GetProperty("evidence").GetProperty("figures").GetProperty("filesOutside").GetDouble());
        var goal = Assert.Single(opened, f => f.GetProperty("kind").GetString() == "goal_stalled");
        Assert.Equal($"launch-{u}", goal.GetProperty("subject").GetString());
        Assert.Equal(1, goal.GetProperty("evidence").GetProperty("figures").GetProperty("openUnits").GetDouble());
    }

    [Theory]
    [InlineData("--Review:SpikeScore", "-1", "Review:SpikeScore")]
    [InlineData("--Review:Budgets:shop", "0", "Review:Budgets:shop")]
    [InlineData("--Review:IntervalSeconds", "0.5", "Review:IntervalSeconds")]
    public async Task Start_ReviewSettingOutOfRange_ExitsNamingIt(string argument, string value, string setting)
    {
        using var directory = new TempDirectory("review-config");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = [argument, value] }, TimeSpan.FromSeconds(30));
        Assert.True(exitCode != 0, output);
        Assert.Contains(setting, output, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> RunAsync(SidecarProcess sidecar)
    {
        var response = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/review", "{}");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Json;
    }

    // Each figure as computed by hand in ReviewHistory's comments.
    private static void CheckFigures(Dictionary<string, JsonElement> opened, string u)
    {
        double Figure(string key, string name)
        {
            Assert.True(opened.TryGetValue(key, out var f), $"no {key} among {string.Join(", ", opened.Keys)}");
            return f.GetProperty("evidence").GetProperty("figures").GetProperty(name).GetDouble();
        }

        Assert.InRange(Figure($"stale_task stale-{u}", "waitingHours"), 30, 31);
        Assert.Equal(24, Figure($"stale_task stale-{u}", "thresholdHours"));
        Assert.Equal(3000, Figure($"stuck_task stuck-{u}", "p95CycleSeconds"));
        Assert.Equal(9000, Figure($"stuck_task stuck-{u}", "limitSeconds"));
        Assert.InRange(Figure($"stuck_task stuck-{u}", "runningSeconds"), 20000, 20600);
        Assert.Equal(2, Figure($"duplicate_task dup-b-{u}", "openWithSameTitle"));
        Assert.False(opened.ContainsKey($"duplicate_task dup-a-{u}"));
        Assert.Equal(3, Figure($"timeout_cluster verify-{u}", "timeouts"));
        Assert.Equal(3, opened[$"timeout_cluster verify-{u}"].GetProperty("evidence").GetProperty("eventIds").GetArrayLength());

        // Median 1.0, MAD 0.1, score (5 − 1) / (1.4826022 × 0.1) = 26.97959000784326 (numpy/scipy, see UsageChecksTests).
        ExperimentFixture.Close(5.0, opened[$"cost_spike model-{u}"].GetProperty("evidence").GetProperty("figures").GetProperty("today"), "today", 1e-12);
        ExperimentFixture.Close(1.0, opened[$"cost_spike model-{u}"].GetProperty("evidence").GetProperty("figures").GetProperty("median"), "median", 1e-12);
        ExperimentFixture.Close(26.97959000784326, opened[$"cost_spike model-{u}"].GetProperty("evidence").GetProperty("figures").GetProperty("score"), "score", 1e-9);
        Assert.True(opened.ContainsKey($"cost_spike proj-{u}"));
        Assert.Equal("critical", opened[$"over_budget proj-{u}"].GetProperty("severity").GetString());
        Assert.Equal(5.0, Figure($"over_budget proj-{u}", "costUsd"), 12);
        Assert.Equal(3, Figure($"over_budget proj-{u}", "budgetUsd"));
        Assert.Equal(3, Figure($"flaky_test suite-{u}", "flakyTests"));
        Assert.Equal(5, Figure($"review_inconsistent wi-{u}", "hoursAfterApproval"), 9);
    }
}
