using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Experiments;

/// <summary>
/// The goals API over real HTTP against a real sidecar, on histories from the reference fixture: a goal done, one on
/// track, one stalled and one overdue, with progress, throughput, forecast and status checked live and after a
/// restart; and the goal gauges the GoalStalled and GoalAtRisk alerts read.
/// </summary>
public sealed class GoalsApiTests
{
    [Fact]
    public async Task Goals_SeededHistories_MatchTheReferenceLiveAndAfterRestart()
    {
        var fixture = ExperimentFixture.Load();
        using var directory = new TempDirectory("goals");
        var data = directory.Combine("data");
        var now = DateTimeOffset.UtcNow;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            foreach (var goal in fixture.GetProperty("goals").EnumerateArray())
            {
                await SeedAsync(sidecar, goal, now);
            }

            await CheckAllAsync(sidecar, fixture, now);
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(1, metrics.Value("agentobs_goal_status", "goal", "goal-stalled", "status", "stalled"));
            Assert.Equal(0, metrics.Value("agentobs_goal_status", "goal", "goal-stalled", "status", "on_track"));
            Assert.Equal(1, metrics.Value("agentobs_goal_status", "goal", "goal-overdue", "status", "overdue"));
            Assert.Equal(0.7, metrics.Value("agentobs_goal_progress_ratio", "goal", "goal-on-track"));
            Assert.Equal(20, metrics.Value("agentobs_goal_total_units", "goal", "goal-on-track"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        await using var restarted = await SidecarProcess.StartAsync(data);
        await CheckAllAsync(restarted, fixture, now);
    }

    [Fact]
    public async Task Goals_MetricTarget_ReachedLiveAndAfterRestartAndBadDeclarationsNameTheField()
    {
        using var directory = new TempDirectory("goals-metric");
        var data = directory.Combine("data");
        var now = DateTimeOffset.UtcNow;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            foreach (var (body, field) in new[]
            {
                ("""{"name":"m","metric":"velocity","atLeast":0.9}""", "metric"),
                ("""{"name":"m","units":"tasks","metric":"first_pass_merge_rate","atLeast":0.9}""", "metric"),
                ("""{"name":"m","metric":"success_rate","atLeast":0.9,"targetCount":5}""", "targetCount"),
                ("""{"name":"m","metric":"success_rate"}""", "atLeast"),
            })
            {
                var refused = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/goals", body);
                Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{body}: {refused}");
                Assert.Equal(field, refused.Json.GetProperty("field").GetString());
            }

            var declared = await ExperimentFixture.PostJsonAsync(
                sidecar, "/api/v1/goals", """{"name":"trust","metric":"first_pass_merge_rate","atLeast":0.8,"minimumUnits":6}""");
            Assert.True(declared.Status == HttpStatusCode.Created, declared.ToString());
            var merges = Enumerable.Range(0, 6)
                .Select(i => TestEvents.Make($"trust-{i}", "workitem:merged", $"wi-{i}", now.AddMinutes(i), new JsonObject { ["goal"] = "trust", ["attempts"] = i == 5 ? 2 : 1 }))
                .ToArray<JsonNode>();
            var posted = await sidecar.PostEventsAsync(merges);
            Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());
            await CheckMetricGoalAsync(sidecar);
            Assert.Equal(1, (await sidecar.ScrapeAsync()).Value("agentobs_goal_status", "goal", "trust", "status", "done"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        await using var restarted = await SidecarProcess.StartAsync(data);
        await CheckMetricGoalAsync(restarted);
    }

    private static async Task CheckMetricGoalAsync(SidecarProcess sidecar)
    {
        var answer = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/goals/trust");
        Assert.Equal(("done", "merges", 5, 6), (answer.GetProperty("status").GetString(), answer.GetProperty("units").GetString(), answer.GetProperty("done").GetInt32(), answer.GetProperty("total").GetInt32()));
        var metric = answer.GetProperty("metric");
        Assert.Equal(("first_pass_merge_rate", 6, 5, true), (metric.GetProperty("name").GetString(), metric.GetProperty("finished").GetInt32(), metric.GetProperty("succeeded").GetInt32(), metric.GetProperty("reached").GetBoolean()));
        ExperimentFixture.Close(5 / 6.0, metric.GetProperty("value"), "trust.value");

        // statsmodels: proportion_confint(5, 6, alpha=0.05, method="wilson")
        ExperimentFixture.Close(0.43649717781352965, metric.GetProperty("lower"), "trust.lower");
        ExperimentFixture.Close(0.9699466302516933, metric.GetProperty("upper"), "trust.upper");
        Assert.Equal("none", answer.GetProperty("forecast").GetProperty("method").GetString());
    }

    private static async Task SeedAsync(SidecarProcess sidecar, JsonElement goal, DateTimeOffset now)
    {
        var name = goal.GetProperty("name").GetString()!;
        var declaration = new JsonObject { ["name"] = name, ["targetCount"] = goal.GetProperty("target_count").GetInt32() };
        if (goal.GetProperty("due_in_days").ValueKind == JsonValueKind.Number)
        {
            declaration["due"] = ExperimentFixture.Iso(now.AddDays(goal.GetProperty("due_in_days").GetDouble()));
        }

        var declared = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/goals", declaration.ToJsonString());
        Assert.True(declared.Status == HttpStatusCode.Created, declared.ToString());

        var events = new List<JsonNode>();
        var i = 0;
        foreach (var daysAgo in goal.GetProperty("done_days_ago").EnumerateArray())
        {
            events.Add(TestEvents.Make($"{name}-done-{i}", "task:completed", $"{name}-{i++}", now.AddDays(-daysAgo.GetDouble()), new JsonObject { ["goal"] = name }));
        }

        for (var open = 0; open < goal.GetProperty("open_units").GetInt32(); open++)
        {
            events.Add(TestEvents.Make($"{name}-open-{open}", "task:created", $"{name}-open-{open}", now.AddDays(-20), new JsonObject { ["goal"] = name }));
        }

        var posted = await sidecar.PostEventsAsync([.. events]);
        Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());
    }

    private static async Task CheckAllAsync(SidecarProcess sidecar, JsonElement fixture, DateTimeOffset seededAt)
    {
        var list = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/goals");
        Assert.Equal(fixture.GetProperty("goals").GetArrayLength(), list.GetProperty("goals").GetArrayLength());
        foreach (var goal in fixture.GetProperty("goals").EnumerateArray())
        {
            var name = goal.GetProperty("name").GetString()!;
            var expected = goal.GetProperty("expected");
            var answer = await ExperimentFixture.GetOkAsync(sidecar, $"/api/v1/goals/{name}");
            Assert.Equal(expected.GetProperty("status").GetString(), answer.GetProperty("status").GetString());
            Assert.Equal(expected.GetProperty("done").GetInt32(), answer.GetProperty("done").GetInt32());
            Assert.Equal(expected.GetProperty("total").GetInt32(), answer.GetProperty("total").GetInt32());
            ExperimentFixture.Close(expected.GetProperty("percent").GetDouble(), answer.GetProperty("percent"), $"{name}.percent");
            Assert.Equal(expected.GetProperty("last_7_days").GetInt32(), answer.GetProperty("throughput").GetProperty("last_7_days").GetInt32());
            Assert.Equal(expected.GetProperty("last_28_days").GetInt32(), answer.GetProperty("throughput").GetProperty("last_28_days").GetInt32());
            Assert.Equal(expected.GetProperty("open_count").GetInt32(), answer.GetProperty("open_count").GetInt32());
            Assert.Equal(expected.GetProperty("open_count").GetInt32(), answer.GetProperty("open_units").GetArrayLength());
            var forecast = answer.GetProperty("forecast");
            Assert.Equal("linear_28_day_throughput", forecast.GetProperty("method").GetString());

            // The sidecar's "now" is a little after the test's: the forecast is within that of the reference's offset.
            var date = forecast.GetProperty("date").GetDateTimeOffset();
            var offset = (date - seededAt).TotalDays;
            Assert.InRange(offset, expected.GetProperty("forecast_in_days").GetDouble(), expected.GetProperty("forecast_in_days").GetDouble() + (2.0 / 24));
        }
    }
}
