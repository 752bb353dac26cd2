using System.Text.Json.Nodes;
using Observability.Review.Checks;
using Observability.Review.Findings;
using static Observability.Review.Tests.ReviewLog;

namespace Observability.Review.Tests.Findings;

public sealed class FindingLifecycleTests
{
    [Fact]
    public void Review_RunTwice_OpensEachFindingOnce()
    {
        var log = new ReviewLog();
        log.Add("task:created", "t", Now.AddHours(-30));
        var first = log.Review();
        var opened = Assert.Single(first.Opened);
        Assert.Equal(FindingId.Of("stale_task", "task", "t", 0), opened.FindingId);
        Assert.Equal(opened.FindingId, opened.Event["entityId"]!.GetValue<string>());
        Assert.Equal($"finding:opened:{opened.FindingId}", opened.Event["id"]!.GetValue<string>());

        var second = log.Review();
        Assert.Empty(second.Opened);
        Assert.Empty(second.Closed);
        Assert.Single(log.Findings.OpenByKey);
    }

    [Fact]
    public void Review_ConditionClears_ClosesTheFindingAndAReturnGetsANewId()
    {
        var log = new ReviewLog();
        log.Add("task:created", "t", Now.AddHours(-30));
        var id = Assert.Single(log.Review().Opened).FindingId;
        log.Add("task:started", "t", Now.AddMinutes(-1));
        var closed = Assert.Single(log.Review().Closed);
        Assert.Equal(id, closed.Finding.Id);
        Assert.Equal("cleared", closed.Event["metadata"]!["reason"]!.GetValue<string>());
        Assert.False(log.Findings.Find(id)!.IsOpen);

        // Back in the queue (failed) and stale again: the second occurrence, a new id.
        log.Add("task:failed", "t", Now.AddMinutes(-1), new JsonObject { ["failureType"] = "lint" });
        log.Time.Advance(TimeSpan.FromHours(25));
        var again = Assert.Single(log.Review().Opened);
        Assert.Equal(FindingId.Of("stale_task", "task", "t", 1), again.FindingId);
        Assert.NotEqual(id, again.FindingId);
    }

    [Fact]
    public void Review_AfterRestartFromSnapshotOrReplay_SeesTheSameOpenFindings()
    {
        var log = new ReviewLog(new ReviewOptions { Budgets = { ["p"] = 1 } });
        log.Add("task:created", "t", Now.AddHours(-30), new JsonObject { ["title"] = "x", ["priority"] = "critical" });
        log.Add("task:created", "u", Now.AddHours(-29), new JsonObject { ["title"] = "X!" });
        log.Add("llm:call", "c", Now.AddHours(-1), new JsonObject { ["costUsd"] = 2.5, ["project"] = "p" }, new JsonObject { ["model"] = "m" });
        var opened = log.Review().Opened.Select(o => o.FindingId).Order().ToList();
        // Stale t and u, t ageing (critical: 24 h), u a duplicate of t, p over its budget.
        Assert.Equal(5, opened.Count);

        log.Restart();
        Assert.Equal(opened, log.Findings.OpenByKey.Values.Select(f => f.Id).Order().ToList());
        Assert.Empty(log.Review().Opened);

        log.Replay();
        Assert.Equal(opened, log.Findings.OpenByKey.Values.Select(f => f.Id).Order().ToList());
        var plan = log.Review();
        Assert.Empty(plan.Opened);
        Assert.Empty(plan.Closed);
    }

    [Fact]
    public void FindingsProjection_SecondOpenForTheSameSubject_IsRefused()
    {
        var log = new ReviewLog();
        log.Add("finding:opened", "f-1", Now, Opened("f-1"));
        log.Add("finding:opened", "f-2", Now, Opened("f-2"));
        log.Candidates();
        Assert.Single(log.Findings.OpenByKey);
        Assert.Equal(1, log.Findings.Refused);
    }

    [Fact]
    public void GoalStalled_FromTheGoalsAnswer_IsFound()
    {
        var log = new ReviewLog();
        log.Goals.Add(new GoalInput("launch", "stalled", Now.AddDays(-4), 7, ["t1"]));
        log.Goals.Add(new GoalInput("docs", "on_track", Now.AddHours(-4), 2, []));
        var stalled = log.Single("goal_stalled", "launch");
        Assert.Equal(7, Figure(stalled, "openUnits"));
        Assert.Equal(96, Figure(stalled, "hoursSinceProgress"), 9);
        Assert.False(log.Holds("goal_stalled", "docs"));
    }

    private static JsonObject Opened(string id) => new()
    {
        ["findingId"] = id, ["kind"] = "stale_task", ["severity"] = "warning", ["subjectType"] = "task", ["subject"] = "t",
    };
}
