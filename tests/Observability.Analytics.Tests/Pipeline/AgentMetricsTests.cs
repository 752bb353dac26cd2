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
        Assert.Equal(new ModelRunFigures(3, 82.5), m.ByModel["cursor/auto"]);
        Assert.Equal(new ModelRunFigures(2, 45), m.ByModel["claude"]);
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
        Assert.Equal(new ModelRunFigures(1, 120), m.ByModel["cursor/auto"]);
        Assert.Equal(0.0, m.ByTaskType["spec"].SuccessRate);
    }

    [Fact]
    public void AgentMetrics_NoTypeModelOrExecutor_GroupsUnderUnknown()
    {
        new History(_facts).Add("c", "task:completed", "t", "10:00", metadata: new { durationSeconds = 5 });
        var m = _queries.AgentMetrics(TimeScope.All);
        Assert.Equal(1.0, m.ByTaskType["unknown"].SuccessRate);
        Assert.Equal(new ModelRunFigures(1, 5), m.ByModel["unknown"]);
        Assert.Equal(new ExecutorFigures(1, 1.0, 5), m.ByExecutor["unknown"]);
    }

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
