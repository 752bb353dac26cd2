using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// A sidecar holding exactly this seed-000 history (2025-12-07), posted through <c>/api/v1/events</c>:
/// <code>
/// chain CH created 09:00; request R created 08:00, closed 12:00                     14400 s
/// task A (CH): started 10:00 m1; completed 10:30 m1 tokens 100/50, spec, claude_code   1800 s; its completion posted twice
/// task B (CH): completed 11:20 m2 impl human, posted BEFORE its start 11:00 m2         1200 s
/// task C: started 12:00 m1; failed 12:05 impl                                         300 s (seed 003)
/// </code>
/// </summary>
public sealed class SummaryHistoryFixture : SidecarFixture, IAsyncLifetime
{
    private static DateTimeOffset At(int hour, int minute = 0) => new(2025, 12, 7, hour, minute, 0, TimeSpan.Zero);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var aDone = TestEvents.Make("a-done", "task:completed", "A", At(10, 30),
            new JsonObject { ["taskType"] = "spec", ["executor"] = "claude_code" }, TestEvents.Agent("m1", "impl", 100, 50));
        aDone["chainId"] = "CH";
        JsonObject[] history =
        [
            TestEvents.Make("ch", "chain:created", "CH", At(9)),
            TestEvents.Make("r-new", "request:created", "R", At(8)),
            WithChain(TestEvents.Make("a-start", "task:started", "A", At(10), agent: TestEvents.Agent("m1", "impl"))),
            aDone,
            WithChain(TestEvents.Make("b-done", "task:completed", "B", At(11, 20), new JsonObject { ["taskType"] = "impl", ["executor"] = "human" }, TestEvents.Agent("m2", "impl"))),
            WithChain(TestEvents.Make("b-start", "task:started", "B", At(11), agent: TestEvents.Agent("m2", "impl"))),
            TestEvents.Make("c-start", "task:started", "C", At(12), agent: TestEvents.Agent("m1", "impl")),
            TestEvents.Make("c-fail", "task:failed", "C", At(12, 5), new JsonObject { ["taskType"] = "impl", ["failureType"] = "timeout" }, TestEvents.Agent("m1", "impl")),
            TestEvents.Make("r-closed", "request:closed", "R", At(12)),
        ];
        var response = await Sidecar.PostEventsAsync(history);
        Assert.True(response.Status == HttpStatusCode.OK && response.Json.GetProperty("accepted").GetInt32() == history.Length, response.ToString());
        var again = await Sidecar.PostEventsAsync(aDone);
        Assert.Equal(1, again.Json.GetProperty("duplicates").GetInt32());
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    private static JsonObject WithChain(JsonObject e)
    {
        e["chainId"] = "CH";
        return e;
    }
}
