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
}
