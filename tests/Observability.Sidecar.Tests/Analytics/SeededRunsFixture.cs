using System.Net;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;
using static Observability.Sidecar.Tests.Analytics.AnalyticsHttp;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// A priced sidecar holding exactly these runs, stamped relative to <see cref="Now"/> (when the fixture started):
/// <code>
/// run-a WS-A: STARTED now-2d; failing_tests phase (4 tests); COMPLETED +1800 s, rework 0; call priced-m 1,000,000/0 ($3.00)
/// run-b WS-B: STARTED now-3h; verify phase failed; COMPLETED +3600 s, rework 1;          call vendor-x 100/100 costUsd 0.50
/// run-c WS-C: STARTED now-1h; FAILED +600 s;                                             call mystery 1000/500 (unpriced)
/// run-o WS-O: STARTED now-10d; COMPLETED +100 s, rework 0;                               call priced-m 0/1,000,000 ($15.00)
/// call without a run: priced-m 1,000,000/0 at now-1h ($3.00)
/// fixes: bf-a autonomous (run-a, now-2d+600 s); bf-o autonomous (run-o, now-10d+50 s); bf-b escalated (run-b, now-3h+100 s)
/// </code>
/// </summary>
public sealed class SeededRunsFixture : PricedSidecarFixture, IAsyncLifetime
{
    private const string Write = "/api/v1/metrics/ws-execution";

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var s = Sidecar;
        await Run(s, "run-a", "WS-A", Now.AddDays(-2), 1800, "COMPLETED", 0);
        var phase = Phase("run-a", "ph-a1", "failing_tests", Now.AddDays(-2), Now.AddDays(-2).AddSeconds(300));
        phase["phase"]!["tests_written"] = 4;
        await s.PostOkAsync(Write, phase);
        await Run(s, "run-b", "WS-B", Now.AddHours(-3), 3600, "COMPLETED", 1);
        await s.PostOkAsync(Write, Phase("run-b", "ph-b1", "verify", Now.AddHours(-3), Now.AddHours(-3).AddSeconds(1200), result: "fail"));
        await Run(s, "run-c", "WS-C", Now.AddHours(-1), 600, "FAILED", null);
        await Run(s, "run-o", "WS-O", Now.AddDays(-10), 100, "COMPLETED", 0);
        await Calls(s,
            LlmCall("call-a", "priced-m", 1_000_000, 0, Now.AddDays(-2).AddSeconds(60), "run-a"),
            LlmCall("call-b", "vendor-x", 100, 100, Now.AddHours(-3).AddSeconds(60), "run-b", cost: 0.5),
            LlmCall("call-c", "mystery", 1000, 500, Now.AddHours(-1).AddSeconds(60), "run-c"),
            LlmCall("call-o", "priced-m", 0, 1_000_000, Now.AddDays(-10).AddSeconds(60), "run-o"),
            LlmCall("call-x", "priced-m", 1_000_000, 0, Now.AddHours(-1), null));
        await Fix(s, "bf-a", "run-a", true, Now.AddDays(-2).AddSeconds(600));
        await Fix(s, "bf-o", "run-o", true, Now.AddDays(-10).AddSeconds(50));
        await Fix(s, "bf-b", "run-b", false, Now.AddHours(-3).AddSeconds(100));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    private static async Task Run(SidecarProcess s, string id, string ws, DateTimeOffset started, int seconds, string status, int? rework)
    {
        await s.PostOkAsync(Write, Start(id, "WP-R", started, ws), HttpStatusCode.Created);
        await s.PostOkAsync(Write, Finish(id, status, started.AddSeconds(seconds), rework));
    }

    private static async Task Calls(SidecarProcess s, params JsonObject[] calls)
    {
        var response = await s.PostEventsAsync(calls);
        Assert.True(response.Status == HttpStatusCode.OK && response.Json.GetProperty("accepted").GetInt32() == calls.Length, response.ToString());
    }

    private static Task<System.Text.Json.JsonElement> Fix(SidecarProcess s, string id, string run, bool autonomous, DateTimeOffset at) =>
        s.PostOkAsync("/api/v1/metrics/bug-fix", new JsonObject { ["id"] = id, ["ws_execution_id"] = run, ["autonomous"] = autonomous, ["fixed_at"] = Iso(at) }, HttpStatusCode.Created);
}
