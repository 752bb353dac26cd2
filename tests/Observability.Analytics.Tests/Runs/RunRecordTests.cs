using Observability.Analytics.Runs;

namespace Observability.Analytics.Tests.Runs;

public sealed class RunRecordTests
{
    private readonly RunRecordView _view = RunHistory.NewView();

    [Fact]
    public void Find_CompletedRun_HasPhasesInSequenceBugFixesDurationAndCallCosts()
    {
        RunHistory.Seed(_view);
        var run = _view.Find("run-1")!;

        Assert.Equal("COMPLETED", run.Status);
        Assert.Equal(("WS-1", "WP-A", "claude_code"), (run.WsId, run.WpId, run.Executor));
        Assert.Equal(History.At("10:00"), run.StartedAt);
        Assert.Equal(History.At("10:30"), run.CompletedAt);
        Assert.Equal(1800, run.DurationSeconds);
        Assert.Equal(["failing_tests", "implement", "verify"], run.Phases.Select(p => p.Name));
        // 10:04:30 - 10:00 = 270 s; 10:18 - 10:04:30 = 810 s; verify's explicit 240 s.
        Assert.Equal([270.0, 810.0, 240.0], run.Phases.Select(p => p.DurationSeconds!.Value));
        Assert.Equal(6, run.Tests.Written);
        Assert.Equal(0, run.ReworkCycles);
        Assert.Equal(["BF-1"], run.BugFixes.Select(b => b.Id));
        Assert.Equal(["a.cs"], run.BugFixes[0].FilesModified);
        // c1: 1,000,000 x 3 / 1e6 + 100,000 x 15 / 1e6 = 4.5 estimated; c2: 0.25 reported (vendor-x has no price,
        // but the reported cost wins, so nothing is unpriced).
        Assert.Equal(new LlmFigures("calls", 2, 1_001_000, 101_000, 4.75, 0, 0), run.Llm);
    }

    [Fact]
    public void Find_RunWithoutCalls_UsesItsReportedTokensAtThePriceTable()
    {
        RunHistory.Seed(_view);
        // 100,000 x 3 / 1e6 + 20,000 x 15 / 1e6 = 0.3 + 0.3.
        var llm = _view.Find("run-3")!.Llm;
        Assert.Equal(("reported", 100_000L, 20_000L, 0L), (llm.Source, llm.InputTokens, llm.OutputTokens, llm.UnpricedInputTokens));
        Assert.Equal(0.6, llm.CostUsd, 12);
    }

    [Fact]
    public void Find_UnpricedCalls_AreCountedAsUnpricedNotFree()
    {
        RunHistory.Seed(_view);
        Assert.Equal(new LlmFigures("calls", 1, 500, 200, 0, 500, 200), _view.Find("run-2")!.Llm);
    }

    [Fact]
    public void Find_VerifyFailedWithoutReportedRework_CountsOneReworkCycle()
    {
        RunHistory.Seed(_view);
        Assert.Equal(1, _view.Find("run-2")!.ReworkCycles);
    }

    [Fact]
    public void Find_OnlyPhasesOrCallsKnown_IsNotARun()
    {
        new History(_view).Add("p", "ws:phase", "ghost", "10:00", metadata: new { phase = "verify", wsExecutionId = "ghost" });
        Assert.Null(_view.Find("ghost"));
        Assert.False(_view.Exists("ghost"));
    }

    [Fact]
    public void Apply_CompletionStoredBeforeStart_KeepsCompletedAndItsDuration()
    {
        new History(_view)
            .Add("done", "ws:execution", "late", "11:00", metadata: new { status = "COMPLETED" })
            .Add("start", "ws:execution", "late", "10:15", metadata: new { status = "STARTED", wsId = "WS-L" });
        var run = _view.Find("late")!;
        Assert.Equal("COMPLETED", run.Status);
        Assert.Equal(2700, run.DurationSeconds);
        Assert.Equal("WS-L", run.WsId);
    }

    [Fact]
    public void Apply_FinalOnlyWithStartedAt_ComputesTheDuration()
    {
        new History(_view).Add("done", "ws:execution", "solo", "11:00", metadata: new { status = "FAILED", startedAt = "2026-01-05T10:59:30Z" });
        Assert.Equal(30, _view.Find("solo")!.DurationSeconds);
    }

    [Fact]
    public void Apply_SamePhaseEventIdTwice_AppendsOnce()
    {
        var history = new History(_view).Add("s", "ws:execution", "r", "10:00", metadata: new { status = "STARTED" });
        history.Add("ph-1", "ws:phase", "r", "10:05", metadata: new { phase = "implement", wsExecutionId = "r" });
        history.Add("ph-1", "ws:phase", "r", "10:06", metadata: new { phase = "implement", wsExecutionId = "r" });
        Assert.Single(_view.Find("r")!.Phases);
    }

    [Fact]
    public void Apply_SamePhaseEventIdInTwoRuns_EachRunHasItsPhase()
    {
        // Stored ids differ (derived from the run); metadata.eventId is the contract's event_id, unique per run only.
        new History(_view)
            .Add("sa", "ws:execution", "ra", "10:00", metadata: new { status = "STARTED" })
            .Add("sb", "ws:execution", "rb", "10:00", metadata: new { status = "STARTED" })
            .Add("stored-a", "ws:phase", "ra", "10:05", metadata: new { phase = "implement", wsExecutionId = "ra", eventId = "E-1", result = "pass" })
            .Add("stored-b", "ws:phase", "rb", "10:07", metadata: new { phase = "implement", wsExecutionId = "rb", eventId = "E-1", result = "fail" });

        Assert.Equal(("E-1", "pass"), (Assert.Single(_view.Find("ra")!.Phases).EventId, _view.Find("ra")!.Phases[0].Result));
        Assert.Equal(("E-1", "fail"), (Assert.Single(_view.Find("rb")!.Phases).EventId, _view.Find("rb")!.Phases[0].Result));
    }

    [Fact]
    public void Apply_PhaseStoredBareThenUnderItsDerivedId_AppendsOnce()
    {
        // An older log holds the phase under its event_id; a retry after the upgrade carries it in metadata.eventId.
        new History(_view)
            .Add("s", "ws:execution", "r", "10:00", metadata: new { status = "STARTED" })
            .Add("E-2", "ws:phase", "r", "10:05", metadata: new { phase = "verify", wsExecutionId = "r", result = "pass" })
            .Add("derived", "ws:phase", "r", "10:06", metadata: new { phase = "verify", wsExecutionId = "r", eventId = "E-2", result = "fail" });

        var phase = Assert.Single(_view.Find("r")!.Phases);
        Assert.Equal(("E-2", "pass", 0), (phase.EventId, phase.Result, _view.Find("r")!.ReworkCycles));
    }

    [Fact]
    public void Find_CallsWithPhases_LlmByPhaseAddsUpToTheRunsUsage()
    {
        RunHistory.Seed(_view);
        new History(_view)
            .Add("cp1", "llm:call", "call-p1", "10:11", model: "priced-m", tokens: (0, 200_000), metadata: new { wsExecutionId = "run-1", phase = "verify" })
            .Add("cp2", "llm:call", "call-p2", "10:12", model: "vendor-x", tokens: (10, 20), metadata: new { wsExecutionId = "run-1", phase = "implement", costUsd = 0.05 });
        var run = _view.Find("run-1")!;

        // c1 (4.5 estimated) and c2 (0.25 reported) name no phase; cp1: 200,000 x 15 / 1e6 = 3.0 estimated; cp2: 0.05 reported.
        Assert.Equal(["implement", "unknown", "verify"], run.LlmByPhase.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new CostBucket(2, 1_001_000, 101_000, 4.75, 0.25, 4.5, 0, 0), Round(run.LlmByPhase["unknown"]));
        Assert.Equal(new CostBucket(1, 0, 200_000, 3.0, 0, 3.0, 0, 0), run.LlmByPhase["verify"]);
        Assert.Equal(new CostBucket(1, 10, 20, 0.05, 0.05, 0, 0, 0), run.LlmByPhase["implement"]);
        Assert.Equal(new LlmFigures("calls", 4, 1_001_010, 301_020, 7.8, 0, 0), run.Llm with { CostUsd = Math.Round(run.Llm.CostUsd, 9) });
    }

    [Fact]
    public void Find_RunWithoutCalls_LlmByPhaseHoldsItsReportedTotalsUnderUnknown()
    {
        RunHistory.Seed(_view);

        // run-3's own totals (100,000/20,000 at priced-m: 0.6); run-4 reports nothing.
        var byPhase = _view.Find("run-3")!.LlmByPhase;
        Assert.Equal(["unknown"], byPhase.Keys);
        Assert.Equal(new CostBucket(0, 100_000, 20_000, 0.6, 0, 0.6, 0, 0), Round(byPhase["unknown"]));
        Assert.Empty(_view.Find("run-4")!.LlmByPhase);
    }

    [Fact]
    public void List_FiltersByWorkPackageStatusAndStartRange_NewestFirst()
    {
        RunHistory.Seed(_view);
        Assert.Equal(["run-4", "run-3", "run-1"], _view.List(new RunFilter(WpId: "WP-A")).Runs.Select(r => r.Id));
        Assert.Equal(["run-2", "run-1"], _view.List(new RunFilter(Status: "COMPLETED")).Runs.Select(r => r.Id));
        Assert.Equal(["run-3", "run-2"], _view.List(new RunFilter(From: History.At("11:00"), To: History.At("13:00"))).Runs.Select(r => r.Id));
        var (page, matched) = _view.List(new RunFilter(Limit: 1));
        Assert.Equal(["run-4"], page.Select(r => r.Id));
        Assert.Equal(4, matched);
        Assert.Empty(_view.List(new RunFilter(WpId: "WP-Z")).Runs);
    }

    private static CostBucket Round(CostBucket b) =>
        b with { CostUsd = Math.Round(b.CostUsd, 9), ReportedCostUsd = Math.Round(b.ReportedCostUsd, 9), EstimatedCostUsd = Math.Round(b.EstimatedCostUsd, 9) };
}
