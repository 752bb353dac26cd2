using Observability.Analytics.Pipeline;

namespace Observability.Analytics.Tests.Pipeline;

/// <summary>
/// Seed 000's summary on one hand-built history. Every expected figure is worked out in the comments:
/// <code>
/// task A (chain C1): started 09:10 m1, completed 09:40 m1 tokens 100/50           cycle 1800 s
/// task B (chain C1): completed 10:20 m2 tokens 200/100 stored BEFORE started 10:00   cycle 1200 s (out of order)
/// task C (chain C1): started 11:00 m1, rework 11:30, started 11:40,
///                    completed 12:00 m1 durationSeconds 600 tokens 10/5              cycle 600 s (explicit wins)
/// task D (chain C2): started 12:00 m2, failed 12:10                                  not completed
/// task E (no chain): completed 13:00 m1, never started                               completed, no cycle time
/// chains: C1 created 09:00, completed 13:00; C2 created 11:00
/// requests: R1 created 08:00, closed 14:00 (21600 s); R2 created 09:00, closed 09:30 durationSeconds 1000
/// </code>
/// </summary>
public sealed class SummaryTests
{
    private readonly PipelineFacts _facts = new();
    private readonly PipelineQueries _queries;

    public SummaryTests() => _queries = new PipelineQueries(_facts);

    [Fact]
    public void Summary_EmptyHistory_IsZeroWithNullAverages()
    {
        var s = _queries.Summary(TimeScope.All);
        Assert.Equal(new TaskFigures(0, 0, 0, null, null, null), s.Tasks);
        Assert.Equal(new ChainFigures(0, 0, null), s.Chains);
        Assert.Equal(new RequestFigures(0, 0, null), s.Requests);
        Assert.Empty(s.Agents);
        Assert.Equal(0, s.EventCount);
        Assert.Equal(-1, s.LastSequence);
    }

    [Fact]
    public void Summary_WholeHistory_MatchesHandComputedFigures()
    {
        Seed();
        var s = _queries.Summary(TimeScope.All);

        // Tasks A-E; completed A, B, C, E; reworked C. Cycles 600, 1200, 1800: mean 1200,
        // p50 = rank ceil(1.5) = 2 -> 1200, p90 = rank ceil(2.7) = 3 -> 1800.
        Assert.Equal(new TaskFigures(5, 4, 1, 1200, 1200, 1800), s.Tasks);
        // C1 and C2; C1 completed; tasks linked to them: A, B, C, D = 4 over 2 chains.
        Assert.Equal(new ChainFigures(2, 1, 2.0), s.Chains);
        // R1 14:00 - 08:00 = 21600 s, R2 explicit 1000 s: mean 11300.
        Assert.Equal(new RequestFigures(2, 2, 11300), s.Requests);

        // m1 owns A, C, E (their latest events name m1): all completed, C reworked: 1/3; cycles 1800 and 600 -> 1200.
        var m1 = s.Agents["m1"];
        Assert.Equal(3, m1.TasksCompleted);
        Assert.Equal(1.0 / 3, m1.ReworkRate!.Value, 12);
        Assert.Equal(1200, m1.AvgCycleTimeSeconds);
        Assert.Equal(new TokenTotals(110, 55), m1.TotalTokens);
        // m2 owns B and D: B completed (1200 s), no rework.
        Assert.Equal(new ModelFigures(1, 0, 1200, new TokenTotals(200, 100)), s.Agents["m2"]);
        Assert.Equal(2, s.Agents.Count);
        // 21 events, of which the llm:call is not a pipeline event.
        Assert.Equal(20, s.EventCount);
        Assert.Equal(20, s.LastSequence);
    }

    [Fact]
    public void Summary_At_ReconstructsThePastState()
    {
        Seed();
        var s = _queries.Summary(new TimeScope(At: History.At("10:15")));

        // By 10:15: A completed (1800 s), B only started (its 10:20 completion does not exist yet).
        Assert.Equal(new TaskFigures(2, 1, 0, 1800, 1800, 1800), s.Tasks);
        // C1 created, not completed; A and B link to it.
        Assert.Equal(new ChainFigures(1, 0, 2.0), s.Chains);
        // R1 open, R2 closed with its explicit 1000 s.
        Assert.Equal(new RequestFigures(2, 1, 1000), s.Requests);
        Assert.Equal(new ModelFigures(1, 0, 1800, new TokenTotals(100, 50)), s.Agents["m1"]);
        Assert.Equal(new ModelFigures(0, 0, null, new TokenTotals(0, 0)), s.Agents["m2"]);
    }

    [Fact]
    public void Summary_FromTo_CountsOnlyTheWindowButPairsWithEarlierStarts()
    {
        Seed();
        var s = _queries.Summary(new TimeScope(History.At("10:15"), History.At("12:05")));

        // In 10:15-12:05: B's completion (paired with its 10:00 start outside the window: 1200 s), all of C (600 s),
        // D's start. Cycles 600, 1200: mean 900, p50 rank 1 -> 600, p90 rank ceil(1.8) = 2 -> 1200.
        Assert.Equal(new TaskFigures(3, 2, 1, 900, 600, 1200), s.Tasks);
        // Only C2's creation is in the window; of the window's tasks, D links to it.
        Assert.Equal(new ChainFigures(1, 0, 1.0), s.Chains);
        Assert.Equal(new RequestFigures(0, 0, null), s.Requests);
    }

    [Fact]
    public void Summary_SameTaskCompletedTwice_CountsTheTaskOnceWithItsLatestCompletion()
    {
        new History(_facts)
            .Add("s1", "task:started", "T", "10:00")
            .Add("c1", "task:completed", "T", "10:10")
            .Add("c2", "task:completed", "T", "10:30");
        // One task; its cycle runs from its first start to its latest completion: 30 min.
        Assert.Equal(new TaskFigures(1, 1, 0, 1800, 1800, 1800), _queries.Summary(TimeScope.All).Tasks);
    }

    [Fact]
    public void Summary_UnsuccessfulCompletion_IsNotCompleted()
    {
        new History(_facts)
            .Add("s1", "task:started", "T", "10:00")
            .Add("c1", "task:completed", "T", "10:10", metadata: new { success = false });
        Assert.Equal(new TaskFigures(1, 0, 0, null, null, null), _queries.Summary(TimeScope.All).Tasks);
    }

    [Fact]
    public void Summary_Cached_RecomputedOnlyWhenAPipelineEventArrives()
    {
        var history = new History(_facts);
        history.Add("s1", "task:started", "T", "10:00");
        var first = _queries.Summary(TimeScope.All);
        Assert.Same(first, _queries.Summary(TimeScope.All));

        // Events the summary does not read leave the cached answer valid.
        history.Add("x1", "llm:call", "call-1", "10:05", model: "m1");
        Assert.Same(first, _queries.Summary(TimeScope.All));
        Assert.Equal(1, _queries.SummaryComputations);

        history.Add("c1", "task:completed", "T", "10:10");
        var second = _queries.Summary(TimeScope.All);
        Assert.NotSame(first, second);
        Assert.Equal(1, second.Tasks.Completed);
        Assert.Equal(2, _queries.SummaryComputations);
    }

    private void Seed() => new History(_facts)
        .Add("e01", "request:created", "R1", "08:00")
        .Add("e02", "chain:created", "C1", "09:00")
        .Add("e03", "request:created", "R2", "09:00")
        .Add("e04", "task:created", "A", "09:00", chain: "C1")
        .Add("e05", "task:started", "A", "09:10", chain: "C1", model: "m1")
        .Add("e06", "request:closed", "R2", "09:30", metadata: new { durationSeconds = 1000 })
        .Add("e07", "task:completed", "A", "09:40", chain: "C1", model: "m1", tokens: (100, 50))
        .Add("e08", "task:completed", "B", "10:20", chain: "C1", model: "m2", tokens: (200, 100))
        .Add("e09", "task:started", "B", "10:00", chain: "C1", model: "m2")
        .Add("e10", "chain:created", "C2", "11:00")
        .Add("e11", "task:started", "C", "11:00", chain: "C1", model: "m1")
        .Add("e12", "task:rework", "C", "11:30", chain: "C1", model: "m1")
        .Add("e13", "task:started", "C", "11:40", chain: "C1", model: "m1")
        .Add("e14", "task:completed", "C", "12:00", chain: "C1", model: "m1", tokens: (10, 5), metadata: new { durationSeconds = 600 })
        .Add("e15", "task:started", "D", "12:00", chain: "C2", model: "m2")
        .Add("e16", "task:failed", "D", "12:10", chain: "C2", model: "m2", metadata: new { failureType = "test_failure" })
        .Add("e17", "task:completed", "E", "13:00", model: "m1")
        .Add("e18", "chain:completed", "C1", "13:00")
        .Add("e19", "request:closed", "R1", "14:00")
        .Add("e20", "llm:call", "call-9", "14:00", model: "m9", tokens: (1, 1))
        .Add("e21", "task:created", "A", "09:00", chain: "C1");
}
