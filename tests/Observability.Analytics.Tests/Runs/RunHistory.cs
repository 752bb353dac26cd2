using Observability.Analytics.Runs;

namespace Observability.Analytics.Tests.Runs;

/// <summary>
/// The run history the run-record tests share (all on 2026-01-05 unless stated):
/// <code>
/// run-1 WS-1/WP-A: STARTED 10:00; phases failing_tests 10:00-10:04:30 (270 s, 6 tests), implement 10:04:30-10:18 (810 s),
///                  verify pass durationSeconds 240 at 10:22; COMPLETED 10:30 reworkCycles 0           1800 s
/// run-2 WS-2/WP-B: STARTED 11:00; verify fail 11:40; COMPLETED 12:00 (rework derived: 1)              3600 s
/// run-3 WS-3/WP-A: STARTED 13:00; FAILED 13:10 reporting model priced-m, tokens 100000/20000, no calls  600 s
/// run-4 WS-4/WP-A: STARTED 14:00, still running
/// calls: c1 priced-m 1,000,000/100,000 -> run-1 at 10:05 (3 + 1.5 = 4.5 estimated)
///        c2 vendor-x 1000/1000 costUsd 0.25 -> run-1 at 10:10 (reported; the model has no price)
///        c3 mystery 500/200 -> run-2 at 11:10 (unpriced)
///        c4 priced-m 2,000,000/0, no run, at 09:00 (6.0 estimated)
/// fixes: b1 autonomous -> run-1 at 10:20; b2 escalated -> run-2 at 11:30
/// prices: priced-m 3 $/M in, 15 $/M out
/// </code>
/// </summary>
internal static class RunHistory
{
    public static RunRecordView NewView() => new(new AnalyticsOptions
    {
        Prices = [new ModelPrice { Model = "priced-m", InputPerMillion = 3, OutputPerMillion = 15 }],
    });

    public static History Seed(RunRecordView view) => new History(view)
        .Add("c4", "llm:call", "call-4", "09:00", model: "priced-m", tokens: (2_000_000, 0))
        .Add("r1-start", "ws:execution", "run-1", "10:00", metadata: new { status = "STARTED", wsId = "WS-1", wpId = "WP-A", executor = "claude_code" })
        .Add("p1", "ws:phase", "run-1", "10:04:30",
            metadata: new { phase = "failing_tests", wsExecutionId = "run-1", sequence = 1, startedAt = "2026-01-05T10:00:00Z", result = "pass", testsWritten = 6 })
        .Add("c1", "llm:call", "call-1", "10:05", model: "priced-m", tokens: (1_000_000, 100_000), metadata: new { wsExecutionId = "run-1" })
        .Add("c2", "llm:call", "call-2", "10:10", model: "vendor-x", tokens: (1000, 1000), metadata: new { wsExecutionId = "run-1", costUsd = 0.25 })
        // Stored before implement although it happened after: phases are ordered by sequence.
        .Add("p3", "ws:phase", "run-1", "10:22",
            metadata: new { phase = "verify", wsExecutionId = "run-1", sequence = 3, durationSeconds = 240, result = "pass" })
        .Add("p2", "ws:phase", "run-1", "10:18",
            metadata: new { phase = "implement", wsExecutionId = "run-1", sequence = 2, startedAt = "2026-01-05T10:04:30Z", result = "pass" })
        .Add("b1", "bug:fixed", "BF-1", "10:20", metadata: new { wsExecutionId = "run-1", autonomous = true, description = "off by one", filesModified = new[] { "a.cs" } })
        .Add("r1-done", "ws:execution", "run-1", "10:30", metadata: new { status = "COMPLETED", reworkCycles = 0 })
        .Add("r2-start", "ws:execution", "run-2", "11:00", metadata: new { status = "STARTED", wsId = "WS-2", wpId = "WP-B", executor = "subagent" })
        .Add("c3", "llm:call", "call-3", "11:10", model: "mystery", tokens: (500, 200), metadata: new { wsExecutionId = "run-2" })
        .Add("b2", "bug:fixed", "BF-2", "11:30", metadata: new { wsExecutionId = "run-2", autonomous = false })
        .Add("p4", "ws:phase", "run-2", "11:40", metadata: new { phase = "verify", wsExecutionId = "run-2", result = "fail" })
        .Add("r2-done", "ws:execution", "run-2", "12:00", metadata: new { status = "COMPLETED" })
        .Add("r3-start", "ws:execution", "run-3", "13:00", metadata: new { status = "STARTED", wsId = "WS-3", wpId = "WP-A" })
        .Add("r3-done", "ws:execution", "run-3", "13:10", model: "priced-m", tokens: (100_000, 20_000), metadata: new { status = "FAILED" })
        .Add("r4-start", "ws:execution", "run-4", "14:00", metadata: new { status = "STARTED", wsId = "WS-4", wpId = "WP-A" });
}
