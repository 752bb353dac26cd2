using System.Text.Json.Nodes;
using static Observability.Review.Tests.ReviewLog;

namespace Observability.Review.Tests.Checks;

public sealed class QueueChecksTests
{
    [Fact]
    public void StaleTask_CreatedAndNotStartedPastTheThreshold_IsFoundWithItsWaitingHours()
    {
        var log = new ReviewLog();
        var created = log.Add("task:created", "t-stale", Now.AddHours(-25), new JsonObject { ["title"] = "a" });
        log.Add("task:created", "t-fresh", Now.AddHours(-23), new JsonObject { ["title"] = "b" });

        var stale = log.Single("stale_task", "t-stale");

        // Created 25 h before now, unstarted; the threshold is 24 h, so t-fresh (23 h) is not stale.
        Assert.Equal(25, Figure(stale, "waitingHours"), 9);
        Assert.Equal(24, Figure(stale, "thresholdHours"));
        Assert.Equal([created], stale.EventIds);
        Assert.False(log.Holds("stale_task", "t-fresh"));
    }

    [Fact]
    public void StuckTask_RunningLongerThanKTimesTheP95CycleTime_IsFoundAndOneJustUnderIsNot()
    {
        var log = new ReviewLog();
        double[] cycles = [600, 1200, 1800, 2400, 3000];
        for (var i = 0; i < cycles.Length; i++)
        {
            log.Add("task:started", $"done-{i}", Now.AddDays(-2), new JsonObject { ["taskType"] = "impl" });
            log.Add("task:completed", $"done-{i}", Now.AddDays(-2).AddSeconds(cycles[i]), new JsonObject { ["taskType"] = "impl" });
        }

        // p95 by nearest rank of 5 values: the ⌈0.95 × 5⌉ = 5th smallest, 3000 s; k = 3, so the limit is 9000 s.
        log.Add("task:started", "t-stuck", Now.AddSeconds(-9001), new JsonObject { ["taskType"] = "impl" });
        log.Add("task:started", "t-slow", Now.AddSeconds(-8999), new JsonObject { ["taskType"] = "impl" });

        var stuck = log.Single("stuck_task", "t-stuck");
        Assert.Equal(3000, Figure(stuck, "p95CycleSeconds"));
        Assert.Equal(9000, Figure(stuck, "limitSeconds"));
        Assert.Equal(9001, Figure(stuck, "runningSeconds"), 6);
        Assert.Equal(5, Figure(stuck, "samples"));
        Assert.False(log.Holds("stuck_task", "t-slow"));
    }

    [Fact]
    public void StuckTask_FewerSamplesThanTheMinimum_IsNotJudged()
    {
        var log = new ReviewLog();
        log.Add("task:started", "done", Now.AddDays(-2), new JsonObject { ["taskType"] = "impl" });
        log.Add("task:completed", "done", Now.AddDays(-2).AddSeconds(60), new JsonObject { ["taskType"] = "impl" });
        log.Add("task:started", "t", Now.AddDays(-1), new JsonObject { ["taskType"] = "impl" });
        Assert.False(log.Holds("stuck_task", "t"));
    }

    [Fact]
    public void DuplicateTask_SameNormalisedTitleInTheOpenSet_FlagsTheLaterOneOnly()
    {
        var log = new ReviewLog();
        var first = log.Add("task:created", "t-1", Now.AddHours(-2), new JsonObject { ["title"] = "Fix the login bug!" });
        var second = log.Add("task:created", "t-2", Now.AddHours(-1), new JsonObject { ["title"] = "fix  the LOGIN-bug" });
        log.Add("task:created", "t-3", Now.AddHours(-1), new JsonObject { ["title"] = "Fix the logout bug" });
        log.Add("task:created", "t-4", Now.AddHours(-1), new JsonObject { ["title"] = "Fix the logout bug" });
        log.Add("task:completed", "t-4", Now.AddMinutes(-1));

        var duplicate = log.Single("duplicate_task", "t-2");
        Assert.Equal([first, second], duplicate.EventIds);
        Assert.Equal(2, Figure(duplicate, "openWithSameTitle"));
        Assert.False(log.Holds("duplicate_task", "t-1"));
        Assert.False(log.Holds("duplicate_task", "t-3"));
    }

    [Fact]
    public void AgingTask_OlderThanItsPriorityExpects_IsFound()
    {
        var log = new ReviewLog();
        log.Add("task:created", "t-high", Now.AddHours(-73), new JsonObject { ["priority"] = "high" });
        log.Add("task:started", "t-high", Now.AddHours(-72));
        log.Add("task:created", "t-low", Now.AddHours(-73), new JsonObject { ["priority"] = "low" });

        var aging = log.Single("aging_task", "t-high");
        Assert.Equal(73, Figure(aging, "ageHours"), 9);
        Assert.Equal(72, Figure(aging, "expectedHours"));
        Assert.False(log.Holds("aging_task", "t-low"));
    }
}
