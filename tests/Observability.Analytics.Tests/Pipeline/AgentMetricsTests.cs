using Observability.Analytics.Pipeline;

namespace Observability.Analytics.Tests.Pipeline;

/// <summary>
/// Seed 003's agent metrics on a hand-built history:
/// <code>
/// t1 09:00 completed  spec  cursor/auto claude_code durationSeconds 45                   45 s
/// t2 10:02 completed  impl  cursor/auto claude_code, started 09:00 and 10:00 (stored after) 120 s (latest start)
/// t3 11:00 failed     impl  claude      human       durationSeconds 30                    30 s
/// t4 12:00 completed success=false spec claude subagent durationSeconds 60                60 s
/// t5 13:00 completed  spec  cursor/auto claude_code, never started                       no duration
/// </code>
/// </summary>
public sealed class AgentMetricsTests
{
    private readonly PipelineFacts _facts = new();
    private readonly PipelineQueries _queries;

    public AgentMetricsTests() => _queries = new PipelineQueries(_facts);

    [Fact]
    public void AgentMetrics_EmptyHistory_HasTheSeedShapeWithNulls()
    {
        var m = _queries.AgentMetrics(TimeScope.All);
        Assert.Equal(new ExecutionTimeFigures(null, null), m.ExecutionTime);
        Assert.Equal(new SuccessCounts(0, 0, 0), m.SuccessRate);
        Assert.Empty(m.ByTaskType);
        Assert.Empty(m.ByModel);
        Assert.Empty(m.ByExecutor);
    }

    [Fact]
    public void AgentMetrics_WholeHistory_MatchesHandComputedFigures()
    {
        Seed();
        var m = _queries.AgentMetrics(TimeScope.All);

        // Durations 30, 45, 60, 120: p50 = rank 2 -> 45, p95 = rank ceil(3.8) = 4 -> 120.
        Assert.Equal(new ExecutionTimeFigures(45, 120), m.ExecutionTime);
        Assert.Equal(new SuccessCounts(3, 2, 5), m.SuccessRate);
        // spec: t1 ok, t4 failed, t5 ok -> 2/3; impl: t2 ok, t3 failed -> 1/2.
        Assert.Equal(2.0 / 3, m.ByTaskType["spec"].SuccessRate, 12);
        Assert.Equal(0.5, m.ByTaskType["impl"].SuccessRate);
        // cursor/auto: t1, t2, t5; timed 45 and 120 -> 82.5. claude: t3, t4 -> (30 + 60) / 2.
        Assert.Equal(new ModelRunFigures(3, 1.0, 82.5), m.ByModel["cursor/auto"]);
        // claude: t3 failed, t4 unsuccessful: 0 of 2.
        Assert.Equal(new ModelRunFigures(2, 0, 45), m.ByModel["claude"]);
        Assert.Equal(new ExecutorFigures(3, 1.0, 82.5), m.ByExecutor["claude_code"]);
        Assert.Equal(new ExecutorFigures(1, 0, 30), m.ByExecutor["human"]);
        Assert.Equal(new ExecutorFigures(1, 0, 60), m.ByExecutor["subagent"]);
    }

    [Fact]
    public void AgentMetrics_Window_CountsOnlyRunsInIt()
    {
        Seed();
        var m = _queries.AgentMetrics(new TimeScope(History.At("10:00"), History.At("12:30")));

        // t2 (120 s), t3 (30 s), t4 (60 s): sorted 30, 60, 120; p50 = rank 2 -> 60, p95 = rank 3 -> 120.
        Assert.Equal(new ExecutionTimeFigures(60, 120), m.ExecutionTime);
        Assert.Equal(new SuccessCounts(1, 2, 3), m.SuccessRate);
        Assert.Equal(new ModelRunFigures(1, 1.0, 120), m.ByModel["cursor/auto"]);
        Assert.Equal(0.0, m.ByTaskType["spec"].SuccessRate);
    }

    [Fact]
    public void AgentMetrics_NoTypeModelOrExecutor_GroupsUnderUnknown()
    {
        new History(_facts).Add("c", "task:completed", "t", "10:00", metadata: new { durationSeconds = 5 });
        var m = _queries.AgentMetrics(TimeScope.All);
        Assert.Equal(1.0, m.ByTaskType["unknown"].SuccessRate);
        Assert.Equal(new ModelRunFigures(1, 1.0, 5), m.ByModel["unknown"]);
        Assert.Equal(new ExecutorFigures(1, 1.0, 5), m.ByExecutor["unknown"]);
    }

    [Fact]
    public void AgentMetrics_AttributesOnDifferentEvents_RunsPlacedByTheirTasksLatestValues()
    {
        SeedSplitAttributes();
        var m = _queries.AgentMetrics(TimeScope.All);

        // Durations 60, 600, 1800: p50 = rank 2 -> 600, p95 = rank 3 -> 1800.
        Assert.Equal(new ExecutionTimeFigures(600, 1800), m.ExecutionTime);
        Assert.Equal(new SuccessCounts(2, 1, 3), m.SuccessRate);
        Assert.Equal(1.0, m.ByTaskType["spec"].SuccessRate);
        Assert.Equal(0.0, m.ByTaskType["impl"].SuccessRate);
        Assert.Equal(2, m.ByTaskType.Count);
        // m1: u1 (ok, 1800 s) and u2 (failed, 600 s); u2's created event named m2 earlier than its start named m1.
        Assert.Equal(new ModelRunFigures(2, 0.5, 1200), m.ByModel["m1"]);
        Assert.Equal(new ModelRunFigures(1, 1.0, 60), m.ByModel["m2"]);
        Assert.Equal(2, m.ByModel.Count);
        Assert.Equal(new ExecutorFigures(1, 1.0, 1800), m.ByExecutor["claude_code"]);
        Assert.Equal(new ExecutorFigures(1, 0, 600), m.ByExecutor["human"]);
        Assert.Equal(new ExecutorFigures(1, 1.0, 60), m.ByExecutor["unknown"]);
    }

    [Fact]
    public void AgentMetrics_SplitAttributes_SummaryPlacesTheTasksUnderTheSameModels()
    {
        SeedSplitAttributes();
        var summary = _queries.Summary(TimeScope.All);

        // m1 owns u1 (completed, 09:40 - 09:10 = 1800 s) and u2 (failed); m2 owns u3 (completed, 60 s).
        Assert.Equal(new ModelFigures(1, 0, 1800, new TokenTotals(1500, 150)), summary.Agents["m1"]);
        // u2's created event names m2 itself: its 200 tokens are m2's; u3's 10/5.
        Assert.Equal(new ModelFigures(1, 0, 60, new TokenTotals(210, 5)), summary.Agents["m2"]);
    }

    [Fact]
    public void AgentMetrics_SplitAttributes_UsageByModelWithReportedEstimatedAndUnpricedCost()
    {
        var queries = new PipelineQueries(_facts, new AnalyticsOptions { Prices = [new ModelPrice { Model = "m1", InputPerMillion = 3, OutputPerMillion = 15 }] });
        SeedSplitAttributes();
        var usage = queries.AgentMetrics(TimeScope.All).Usage;

        // m1: u1's start 1000/100 and its completion 500/50 (names no model: its task's m1): (1500 x 3 + 150 x 15) / 1e6.
        Assert.Equal(new UsageFigures(2, 1500, 150, 0.00675, 0, 0), usage.ByModel["m1"] with { CostUsd = Math.Round(usage.ByModel["m1"].CostUsd, 12) });
        // m2: u2's created event 200/0 (no price: unpriced) and u3's 10/5 at its reported 0.02.
        Assert.Equal(new UsageFigures(1, 210, 5, 0.02, 200, 0), usage.ByModel["m2"]);
        Assert.Equal(new UsageFigures(3, 1710, 155, 0.02675, 200, 0), usage.Total with { CostUsd = Math.Round(usage.Total.CostUsd, 12) });
    }

    [Fact]
    public void AgentMetrics_TypeNamedBeforeTheWindow_StillPlacesTheRunInIt()
    {
        SeedSplitAttributes();
        var m = _queries.AgentMetrics(new TimeScope(History.At("09:30"), History.At("09:50")));

        // Only u1's completion (09:40) is in the window; its type came at 09:00, its model and executor at 09:10.
        Assert.Equal(new SuccessCounts(1, 0, 1), m.SuccessRate);
        Assert.Equal(["spec"], m.ByTaskType.Keys);
        Assert.Equal(new ModelRunFigures(1, 1.0, 1800), Assert.Single(m.ByModel, p => p.Key == "m1").Value);
        Assert.Equal(["claude_code"], m.ByExecutor.Keys);
    }

    /// <summary>
    /// <code>
    /// u1: created 09:00 spec; started 09:10 m1 claude_code tokens 1000/100; completed 09:40 tokens 500/50, nothing else  1800 s
    /// u2: created 10:00 impl m2 tokens 200/0; started 10:05 m1 human; failed 10:15 timeout                               600 s
    /// u3: completed 11:00 m2 spec durationSeconds 60 costUsd 0.02 tokens 10/5                                               60 s
    /// </code>
    /// </summary>
    private void SeedSplitAttributes() => new History(_facts)
        .Add("u1-new", "task:created", "u1", "09:00", metadata: new { taskType = "spec" })
        .Add("u1-start", "task:started", "u1", "09:10", model: "m1", tokens: (1000, 100), metadata: new { executor = "claude_code" })
        .Add("u1-done", "task:completed", "u1", "09:40", tokens: (500, 50))
        .Add("u2-new", "task:created", "u2", "10:00", model: "m2", tokens: (200, 0), metadata: new { taskType = "impl" })
        .Add("u2-start", "task:started", "u2", "10:05", model: "m1", metadata: new { executor = "human" })
        .Add("u2-fail", "task:failed", "u2", "10:15", metadata: new { failureType = "timeout" })
        .Add("u3-done", "task:completed", "u3", "11:00", model: "m2", tokens: (10, 5), metadata: new { taskType = "spec", durationSeconds = 60, costUsd = 0.02 });

    private void Seed() => new History(_facts)
        .Add("a1", "task:completed", "t1", "09:00", model: "cursor/auto",
            metadata: new { taskType = "spec", executor = "claude_code", durationSeconds = 45 })
        .Add("a2", "task:started", "t2", "09:00", model: "cursor/auto")
        .Add("a3", "task:completed", "t2", "10:02", model: "cursor/auto", metadata: new { taskType = "impl", executor = "claude_code" })
        .Add("a4", "task:started", "t2", "10:00", model: "cursor/auto")
        .Add("a5", "task:failed", "t3", "11:00", model: "claude",
            metadata: new { taskType = "impl", executor = "human", durationSeconds = 30, failureType = "timeout" })
        .Add("a6", "task:completed", "t4", "12:00", model: "claude",
            metadata: new { taskType = "spec", executor = "subagent", durationSeconds = 60, success = false })
        .Add("a7", "task:completed", "t5", "13:00", model: "cursor/auto", metadata: new { taskType = "spec", executor = "claude_code" });
}
