using System.Text.Json.Nodes;
using static Observability.Review.Tests.ReviewLog;

namespace Observability.Review.Tests.Checks;

public sealed class PipelineChecksTests
{
    [Fact]
    public void TimeoutCluster_ThreeTimeoutsOfAStageInTheWindow_IsFoundAndAnOlderOneIsNotCounted()
    {
        var log = new ReviewLog();
        log.Add("task:failed", "old", Now.AddHours(-25), Failure("verify", "timeout"));
        var ids = new[]
        {
            log.Add("task:failed", "a", Now.AddHours(-20), Failure("verify", "timeout")),
            log.Add("task:failed", "b", Now.AddHours(-10), Failure("verify", "timeout")),
            log.Add("task:failed", "c", Now.AddHours(-1), Failure("verify", "timeout")),
        };
        log.Add("task:failed", "d", Now.AddHours(-1), Failure("verify", "test_failure"));

        var cluster = log.Single("timeout_cluster", "verify");
        Assert.Equal(3, Figure(cluster, "timeouts"));
        Assert.Equal(ids, cluster.EventIds);

        // Four failures of any kind in the window: the stage also fails repeatedly.
        Assert.Equal(4, Figure(log.Single("repeated_failure", "verify"), "failures"));
    }

    [Fact]
    public void TimeoutCluster_TwoTimeouts_IsNotFound()
    {
        var log = new ReviewLog();
        log.Add("task:failed", "a", Now.AddHours(-2), Failure("verify", "timeout"));
        log.Add("task:failed", "b", Now.AddHours(-1), Failure("verify", "timeout"));
        Assert.False(log.Holds("timeout_cluster", "verify"));
    }

    [Fact]
    public void RepeatedFailure_SameTaskThreeTimesIn24Hours_IsFound()
    {
        var log = new ReviewLog();
        foreach (var hours in new[] { 23, 12, 1 })
        {
            log.Add("task:failed", "t-flaky", Now.AddHours(-hours), new JsonObject { ["failureType"] = "test_failure" });
        }

        Assert.Equal(3, Figure(log.Single("repeated_failure", "t-flaky"), "failures"));
    }

    [Fact]
    public void StuckPhase_StartedLongerThanTheThresholdWithoutCompletion_IsFoundPerStage()
    {
        var log = new ReviewLog();
        var started = log.Add("pipeline:started", "run-1", Now.AddMinutes(-90), new JsonObject { ["stage"] = "build" });
        log.Add("pipeline:started", "run-2", Now.AddMinutes(-30), new JsonObject { ["stage"] = "build" });
        log.Add("pipeline:started", "run-3", Now.AddMinutes(-120), new JsonObject { ["stage"] = "test" });
        log.Add("pipeline:completed", "run-3", Now.AddMinutes(-10), new JsonObject { ["stage"] = "test", ["success"] = true });

        var stuck = log.Single("stuck_phase", "build");
        Assert.Equal(1, Figure(stuck, "stuckRuns"));
        Assert.Equal(90, Figure(stuck, "oldestMinutes"), 9);
        Assert.Equal([started], stuck.EventIds);
        Assert.False(log.Holds("stuck_phase", "test"));
    }

    [Fact]
    public void FailureRateRising_WindowRateAboveTheBaselineByTheRise_IsFound()
    {
        var log = new ReviewLog();

        // Baseline (the 7 days before the window): 20 runs, 2 failed = 0.1. Window (last 24 h): 10 runs, 4 failed = 0.4.
        for (var i = 0; i < 20; i++)
        {
            log.Add("pipeline:completed", $"b{i}", Now.AddDays(-3).AddMinutes(i), new JsonObject { ["stage"] = "deploy", ["success"] = i >= 2 });
        }

        for (var i = 0; i < 10; i++)
        {
            log.Add("pipeline:completed", $"w{i}", Now.AddHours(-5).AddMinutes(i), new JsonObject { ["stage"] = "deploy", ["success"] = i >= 4 });
        }

        var rising = log.Single("failure_rate_rising", "deploy");
        Assert.Equal(0.4, Figure(rising, "recentRate"), 12);
        Assert.Equal(0.1, Figure(rising, "baselineRate"), 12);
        Assert.Equal(10, Figure(rising, "recentRuns"));
        Assert.Equal(20, Figure(rising, "baselineRuns"));
    }

    private static JsonObject Failure(string stage, string type) => new() { ["stage"] = stage, ["failureType"] = type };
}
