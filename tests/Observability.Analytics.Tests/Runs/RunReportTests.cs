using Observability.Analytics.Runs;

namespace Observability.Analytics.Tests.Runs;

public sealed class RunReportTests
{
    private readonly RunRecordView _view = RunHistory.NewView();

    [Fact]
    public void Scoreboard_EmptyHistory_IsZeroWithNullRates()
    {
        var s = _view.Scoreboard("all", TimeScope.All);
        Assert.Equal(new Scoreboard("all", null, null, 0, 0, null, null, null, null, 0, null, new TokenTotals(0, 0), 0), s);
    }

    [Fact]
    public void Scoreboard_All_MatchesHandComputedFigures()
    {
        RunHistory.Seed(_view);
        var s = _view.Scoreboard("all", TimeScope.All);

        Assert.Equal(4, s.Runs);
        Assert.Equal(2, s.Completed);
        Assert.Equal(0.5, s.SuccessRate);
        // Finished durations 600, 1800, 3600: mean 2000; p95 = rank ceil(2.85) = 3 -> 3600.
        Assert.Equal(2000, s.AvgDurationSeconds);
        Assert.Equal(3600, s.P95DurationSeconds);
        // Completed: run-1 (0 rework) and run-2 (1): 1/2.
        Assert.Equal(0.5, s.FirstPassVerifyRate);
        // run-1 4.75 + run-2 0 (unpriced) + run-3 0.6 + run-4 0 = 5.35; per completed 5.35 / 2.
        Assert.Equal(5.35, s.TotalCostUsd, 12);
        Assert.Equal(2.675, s.CostPerCompletedWs!.Value, 12);
        Assert.Equal(new TokenTotals(500, 200), s.UnpricedTokens);
        Assert.Equal(1, s.AutonomousBugFixes);
    }

    [Fact]
    public void Scoreboard_24h_CountsOnlyRunsStartedInTheWindow()
    {
        RunHistory.Seed(_view);
        var now = History.At("2026-01-06T12:30:00Z");
        var s = _view.Scoreboard("24h", TimeScope.Last(TimeSpan.FromHours(24), now));

        // From 2026-01-05T12:30: run-3 (FAILED, 600 s, 0.6) and run-4; no fixes.
        Assert.Equal(new Scoreboard("24h", History.At("12:30"), now, 2, 0, 0, 600, 600, null, 0.6, null, new TokenTotals(0, 0), 0), s);
    }

    [Fact]
    public void Dashboard_All_MatchesHandComputedFigures()
    {
        RunHistory.Seed(_view);
        var d = _view.Dashboard("all", TimeScope.All);

        Assert.Equal(4, d.Runs);
        Assert.Equal(2, d.WsCompleted);
        // Completed runs: (1800 + 3600) / 2.
        Assert.Equal(2700, d.AvgDurationSeconds);
        Assert.Equal(6, d.TestsWritten);
        Assert.Equal(1, d.BugsFixedAutonomously);
        Assert.Equal(5.35, d.LlmCostUsd, 12);
        Assert.Equal(new TokenTotals(500, 200), d.UnpricedTokens);
        // Finished runs 1, 2, 3 with 0, 1, 0 rework cycles.
        Assert.Equal(1.0 / 3, d.AvgReworkCycles!.Value, 12);
        var day = Assert.Single(d.CostPerWsTrend);
        Assert.Equal((new DateOnly(2026, 1, 5), 4, 2), (day.Date, day.Runs, day.Completed));
        Assert.Equal(2.675, day.CostPerWs!.Value, 12);
    }

    [Fact]
    public void CostSummary_All_SplitsByModelWsAndDate()
    {
        RunHistory.Seed(_view);
        var c = _view.CostSummary(TimeScope.All);

        // Lines: c1 4.5 est, c2 0.25 reported, c3 unpriced 500/200, c4 6.0 est, run-3's own totals 0.6 est.
        Assert.Equal(new CostBucket(4, 3_101_500, 121_200, 11.35, 0.25, 11.1, 500, 200), Round(c.Total));
        Assert.Equal(new CostBucket(2, 3_100_000, 120_000, 11.1, 0, 11.1, 0, 0), Round(c.ByModel["priced-m"]));
        Assert.Equal(new CostBucket(1, 1000, 1000, 0.25, 0.25, 0, 0, 0), c.ByModel["vendor-x"]);
        Assert.Equal(new CostBucket(1, 500, 200, 0, 0, 0, 500, 200), c.ByModel["mystery"]);
        Assert.Equal(4.75, c.ByWs["WS-1"].CostUsd, 12);
        Assert.Equal(500, c.ByWs["WS-2"].UnpricedInputTokens);
        Assert.Equal(0.6, c.ByWs["WS-3"].CostUsd, 12);
        Assert.Equal(6.0, c.ByWs["none"].CostUsd, 12);
        Assert.Equal(["2026-01-05"], c.ByDate.Keys);
    }

    [Fact]
    public void CostSummary_Window_CountsCallsStampedInIt()
    {
        RunHistory.Seed(_view);
        var c = _view.CostSummary(new TimeScope(History.At("10:00"), History.At("10:59")));
        // Only c1 and c2.
        Assert.Equal(new CostBucket(2, 1_001_000, 101_000, 4.75, 0.25, 4.5, 0, 0), Round(c.Total));
    }

    [Fact]
    public void CostSummary_CallsWithPhases_SplitPerPhaseOverallAndPerWs()
    {
        // run-p WS-P: c-p1 implement priced-m 1,000,000/0 (3.0 est), c-p2 implement vendor-x 100/100 costUsd 0.5,
        //             c-p3 verify priced-m 0/100,000 (1.5 est), c-p4 no phase mystery 1000/500 (unpriced)
        // run-q WS-P: no calls; its own totals priced-m 200,000/0 (0.6 est), which name no phase
        // c-x verify priced-m 1,000,000/0 (3.0 est), linked to no run
        new History(_view)
            .Add("p-start", "ws:execution", "run-p", "10:00", metadata: new { status = "STARTED", wsId = "WS-P" })
            .Add("c-p1", "llm:call", "call-p1", "10:01", model: "priced-m", tokens: (1_000_000, 0), metadata: new { wsExecutionId = "run-p", phase = "implement" })
            .Add("c-p2", "llm:call", "call-p2", "10:02", model: "vendor-x", tokens: (100, 100), metadata: new { wsExecutionId = "run-p", phase = "implement", costUsd = 0.5 })
            .Add("c-p3", "llm:call", "call-p3", "10:03", model: "priced-m", tokens: (0, 100_000), metadata: new { wsExecutionId = "run-p", phase = "verify" })
            .Add("c-p4", "llm:call", "call-p4", "10:04", model: "mystery", tokens: (1000, 500), metadata: new { wsExecutionId = "run-p" })
            .Add("q-start", "ws:execution", "run-q", "11:00", metadata: new { status = "STARTED", wsId = "WS-P" })
            .Add("q-done", "ws:execution", "run-q", "11:10", model: "priced-m", tokens: (200_000, 0), metadata: new { status = "FAILED" })
            .Add("c-x", "llm:call", "call-x", "12:00", model: "priced-m", tokens: (1_000_000, 0), metadata: new { phase = "verify" });

        var c = _view.CostSummary(TimeScope.All);

        Assert.Equal(["implement", "unknown", "verify"], c.ByPhase.Keys);
        Assert.Equal(new CostBucket(2, 1_000_100, 100, 3.5, 0.5, 3.0, 0, 0), c.ByPhase["implement"]);
        Assert.Equal(new CostBucket(2, 1_000_000, 100_000, 4.5, 0, 4.5, 0, 0), c.ByPhase["verify"]);
        Assert.Equal(new CostBucket(1, 201_000, 500, 0.6, 0, 0.6, 1000, 500), Round(c.ByPhase["unknown"]));
        Assert.Equal(["WS-P", "none"], c.ByWsPhase.Keys);
        Assert.Equal(c.ByPhase["implement"], c.ByWsPhase["WS-P"]["implement"]);
        Assert.Equal(new CostBucket(1, 0, 100_000, 1.5, 0, 1.5, 0, 0), c.ByWsPhase["WS-P"]["verify"]);
        Assert.Equal(c.ByPhase["unknown"], c.ByWsPhase["WS-P"]["unknown"]);
        Assert.Equal(new CostBucket(1, 1_000_000, 0, 3.0, 0, 3.0, 0, 0), Assert.Single(c.ByWsPhase["none"]).Value);
        // The phases add up to the total: 3.5 + 4.5 + 0.6 and 5 calls.
        Assert.Equal(new CostBucket(5, 2_201_100, 100_600, 8.6, 0.5, 8.1, 1000, 500), Round(c.Total));
    }

    private static CostBucket Round(CostBucket b) =>
        b with { CostUsd = Math.Round(b.CostUsd, 9), ReportedCostUsd = Math.Round(b.ReportedCostUsd, 9), EstimatedCostUsd = Math.Round(b.EstimatedCostUsd, 9) };
}
