using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Experiments.Declarations;
using Observability.Experiments.Goals;

namespace Observability.Experiments.Tests.Goals;

public sealed class GoalsProjectionTests
{
    private static readonly DateTimeOffset T0 = Events.T0;
    private static readonly TimeSpan Stall = TimeSpan.FromHours(72);

    private static GoalAnswer Answer(GoalsProjection projection, string name, DateTimeOffset now) =>
        GoalAnswers.Compute(projection.Snapshot(name)!, now, Stall);

    private static JsonObject Linked(string goal) => new() { ["goal"] = goal };

    [Fact]
    public void Apply_TargetReached_IsDone()
    {
        var projection = new GoalsProjection(new ExperimentsOptions { Goals = [new() { Name = "specs", TargetCount = 3 }] });
        var events = new Events();
        for (var i = 0; i < 3; i++)
        {
            events.Other("task:created", $"t{i}", T0, Linked("specs"));
            events.Task($"t{i}", true, T0.AddDays(i), new JsonObject());
        }

        events.FoldInto(projection);
        var answer = Answer(projection, "specs", T0.AddDays(3));
        Assert.Equal((GoalStatus.Done, 3, 3, 100.0), (answer.Status, answer.Done, answer.Total, answer.Percent));
        Assert.Equal(0, answer.OpenCount);
    }

    [Fact]
    public void Apply_SteadyThroughputBeforeDue_IsOnTrackWithALinearForecast()
    {
        var projection = new GoalsProjection(new ExperimentsOptions
        {
            Goals = [new() { Name = "web", TargetCount = 20, Filter = new() { ["project"] = "web", ["taskType"] = "spec" }, Due = T0.AddDays(40) }],
        });
        var events = new Events();
        for (var i = 0; i < 14; i++)
        {
            events.Task($"t{i}", true, T0.AddDays(i), new JsonObject { ["project"] = "web", ["taskType"] = "spec" });
        }

        events.Task("failed", false, T0, new JsonObject { ["project"] = "web", ["taskType"] = "spec" });
        events.Task("other", true, T0, new JsonObject { ["project"] = "api", ["taskType"] = "spec" });
        events.FoldInto(projection);
        var now = T0.AddDays(14);
        var answer = Answer(projection, "web", now);
        Assert.Equal(GoalStatus.OnTrack, answer.Status);
        Assert.Equal((14, 20, 70.0), (answer.Done, answer.Total, answer.Percent));
        // The window is (now − 7 days, now]: day 7 itself is out.
        Assert.Equal((6, 14), (answer.Throughput.Last7Days, answer.Throughput.Last28Days));
        Assert.Equal(now + TimeSpan.FromDays(6 / (14 / 28.0)), answer.Forecast.Date);
        Assert.Equal(["failed"], answer.OpenUnits);
    }

    [Fact]
    public void Apply_ForecastAfterDue_IsAtRisk()
    {
        var projection = new GoalsProjection(new ExperimentsOptions { Goals = [new() { Name = "g", TargetCount = 100, Due = T0.AddDays(10) }] });
        var events = new Events();
        events.Task("t1", true, T0, Linked("g"));
        events.FoldInto(projection);
        Assert.Equal(GoalStatus.AtRisk, Answer(projection, "g", T0.AddDays(1)).Status);
    }

    [Fact]
    public void Apply_NoProgressForTheStallTime_IsStalled()
    {
        var projection = new GoalsProjection(new ExperimentsOptions { Goals = [new() { Name = "g", TargetCount = 5 }] });
        var events = new Events();
        events.Task("t1", true, T0, Linked("g"));
        events.Other("task:created", "t2", T0.AddDays(2), Linked("g"));
        events.FoldInto(projection);
        Assert.Equal(GoalStatus.OnTrack, Answer(projection, "g", T0 + Stall - TimeSpan.FromSeconds(1)).Status);
        Assert.Equal(GoalStatus.Stalled, Answer(projection, "g", T0 + Stall).Status);
    }

    [Fact]
    public void Apply_PastDue_IsOverdue()
    {
        var projection = new GoalsProjection(new ExperimentsOptions());
        var events = new Events();
        events.Declare(new GoalSpec { Name = "live", Units = "merges", Due = T0.AddDays(1) }, T0);
        events.Other("workitem:reviewed", "w1", T0, new JsonObject { ["goal"] = "live", ["verdict"] = "approved" });
        events.Other("workitem:merged", "w2", T0, new JsonObject { ["goal"] = "live", ["attempts"] = 1 });
        events.FoldInto(projection);
        var answer = Answer(projection, "live", T0.AddDays(2));
        Assert.Equal(GoalStatus.Overdue, answer.Status);
        Assert.Equal((1, 2, 50.0), (answer.Done, answer.Total, answer.Percent));
        Assert.Equal("api", answer.DeclaredBy);
    }

    [Fact]
    public void ReadState_AfterWriteState_GivesTheSameAnswerLiveAfterRestoreAndAfterReplay()
    {
        var options = new ExperimentsOptions
        {
            Goals =
            [
                new() { Name = "specs", TargetCount = 10, Due = T0.AddDays(30) },
                new() { Name = "rate", Metric = GoalMetrics.SuccessRate, AtLeast = 0.5, MinimumUnits = 3, Filter = new() { ["project"] = "web" } },
            ],
        };
        var events = new Events();
        events.Declare(new GoalSpec { Name = "api-goal", Filter = new() { ["project"] = "web" } }, T0);
        for (var i = 0; i < 8; i++)
        {
            events.Other("task:created", $"t{i}", T0, new JsonObject { ["goal"] = "specs", ["project"] = "web" });
            events.Task($"t{i}", i % 3 != 0, T0.AddDays(i), new JsonObject());
        }

        var half = events.Log.Count / 2;
        var live = new GoalsProjection(options);
        events.FoldInto(live);
        var first = new GoalsProjection(options);
        var prefix = new Events();
        foreach (var e in events.Log.Take(half))
        {
            prefix.Add(JsonNode.Parse(e)!.AsObject());
        }

        prefix.FoldInto(first);
        var restored = Events.RoundTrip(first, new GoalsProjection(options));
        events.FoldInto(half, restored);
        var replayed = new GoalsProjection(options);
        events.FoldInto(replayed);
        var now = T0.AddDays(9);
        Assert.NotNull(Answer(live, "rate", now).Metric);
        foreach (var name in new[] { "specs", "api-goal", "rate" })
        {
            var expected = JsonSerializer.Serialize(Answer(live, name, now));
            Assert.Equal(expected, JsonSerializer.Serialize(Answer(restored, name, now)));
            Assert.Equal(expected, JsonSerializer.Serialize(Answer(replayed, name, now)));
        }
    }

    [Fact]
    public void Apply_MetricGoalReachedOnEnoughUnits_IsDoneWithTheRateAndItsWilsonInterval()
    {
        // Units come from the metric: first_pass_merge_rate is measured on merges.
        var projection = new GoalsProjection(new ExperimentsOptions
        {
            Goals = [new() { Name = "trust", Metric = GoalMetrics.FirstPassMergeRate, AtLeast = 0.8, MinimumUnits = 6 }],
        });
        var events = new Events();
        for (var i = 0; i < 5; i++)
        {
            events.Other("workitem:merged", $"w{i}", T0.AddHours(i), new JsonObject { ["goal"] = "trust", ["attempts"] = 1 });
        }

        events.FoldInto(projection);
        var early = Answer(projection, "trust", T0.AddHours(5));
        Assert.Equal((GoalStatus.OnTrack, false, 1.0), (early.Status, early.Metric!.Reached, early.Metric.Value));

        var more = new Events();
        more.Other("workitem:merged", "w5", T0.AddHours(5), new JsonObject { ["goal"] = "trust", ["attempts"] = 2 });
        more.FoldInto(projection);
        var answer = Answer(projection, "trust", T0.AddHours(6));
        Assert.Equal(("merges", GoalStatus.Done, 5, 6), (answer.Units, answer.Status, answer.Done, answer.Total));
        Assert.Equal((GoalMetrics.FirstPassMergeRate, 6, 5, true), (answer.Metric!.Name, answer.Metric.Finished, answer.Metric.Succeeded, answer.Metric.Reached));
        Assert.Equal(5 / 6.0, answer.Metric.Value!.Value, 12);

        // statsmodels: proportion_confint(5, 6, alpha=0.05, method="wilson")
        Assert.Equal(0.43649717781352965, answer.Metric.Lower!.Value, 12);
        Assert.Equal(0.9699466302516933, answer.Metric.Upper!.Value, 12);
        Assert.Equal((GoalAnswers.NoForecast, (DateTimeOffset?)null), (answer.Forecast.Method, answer.Forecast.Date));
    }

    [Fact]
    public void Apply_MetricGoalBelowTargetBeforeDue_IsAtRiskAndOverdueAfter()
    {
        var projection = new GoalsProjection(new ExperimentsOptions
        {
            Goals = [new() { Name = "quality", Metric = GoalMetrics.SuccessRate, AtLeast = 0.9, MinimumUnits = 4, Due = T0.AddDays(10) }],
        });
        var events = new Events();
        for (var i = 0; i < 4; i++)
        {
            events.Other("task:created", $"t{i}", T0, Linked("quality"));
            events.Task($"t{i}", i % 2 == 0, T0.AddDays(1));
        }

        // A task that failed first and completed later is not a success at its first try.
        events.Task("t1", true, T0.AddDays(2));
        events.FoldInto(projection);
        var answer = Answer(projection, "quality", T0.AddDays(3));
        Assert.Equal((GoalStatus.AtRisk, 2, 4, 0.5), (answer.Status, answer.Metric!.Succeeded, answer.Metric.Finished, answer.Metric.Value));
        Assert.Equal(100 * 0.5 / 0.9, answer.Percent, 12);
        Assert.Equal(GoalStatus.Overdue, Answer(projection, "quality", T0.AddDays(11)).Status);
    }

    [Fact]
    public void Validate_MetricGoal_NamesEachFieldItBreaks()
    {
        static string[] Fields(GoalSpec spec)
        {
            Assert.Null(GoalValidator.Validate(spec, out var errors));
            return [.. errors.Select(e => e.Field)];
        }

        Assert.Equal(["metric", "atLeast"], Fields(new GoalSpec { Name = "g", Metric = "velocity" }));
        Assert.Equal(["targetCount"], Fields(new GoalSpec { Name = "g", Metric = GoalMetrics.SuccessRate, AtLeast = 0.9, TargetCount = 3 }));
        Assert.Equal(["metric"], Fields(new GoalSpec { Name = "g", Units = "tasks", Metric = GoalMetrics.FirstPassMergeRate, AtLeast = 0.9 }));
        Assert.Equal(["atLeast"], Fields(new GoalSpec { Name = "g", Metric = GoalMetrics.SuccessRate, AtLeast = 1.5 }));
        Assert.Equal(["minimumUnits"], Fields(new GoalSpec { Name = "g", Metric = GoalMetrics.SuccessRate, AtLeast = 0.5, MinimumUnits = 0 }));
        Assert.Equal(["atLeast", "minimumUnits"], Fields(new GoalSpec { Name = "g", TargetCount = 3, AtLeast = 0.5, MinimumUnits = 5 }));
        var goal = GoalValidator.Validate(new GoalSpec { Name = "g", Metric = GoalMetrics.FirstPassMergeRate, AtLeast = 0.85 }, out _)!;
        Assert.Equal((UnitKind.Merges, new GoalMetricTarget(GoalMetrics.FirstPassMergeRate, 0.85, GoalMetrics.DefaultMinimumUnits)), (goal.Units, goal.Metric));
    }
}
