using System.Net;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// A priced sidecar (<c>priced-m</c>: 3 $ and 15 $ per million input and output tokens) holding three tasks whose type,
/// model and executor arrive on different events (2026-03-01):
/// <code>
/// u1: created 09:00 spec; started 09:10 priced-m claude_code tokens 1,000,000/0; completed 09:40 tokens 0/100,000   1800 s
/// u2: created 10:00 impl other-m tokens 200/0; started 10:05 priced-m human; failed 10:15 timeout                     600 s
/// u3: completed 11:00 other-m spec durationSeconds 60 costUsd 0.02 tokens 10/5                                         60 s
/// </code>
/// </summary>
public sealed class TaskAttributesFixture : PricedSidecarFixture, IAsyncLifetime
{
    private static DateTimeOffset At(int hour, int minute = 0) => new(2026, 3, 1, hour, minute, 0, TimeSpan.Zero);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        JsonObject[] history =
        [
            TestEvents.Make("u1-new", "task:created", "u1", At(9), new JsonObject { ["taskType"] = "spec" }),
            TestEvents.Make("u1-start", "task:started", "u1", At(9, 10), new JsonObject { ["executor"] = "claude_code" }, TestEvents.Agent("priced-m", "impl", 1_000_000, 0)),
            TestEvents.Make("u1-done", "task:completed", "u1", At(9, 40), agent: new JsonObject { ["tokens"] = new JsonObject { ["input"] = 0, ["output"] = 100_000 } }),
            TestEvents.Make("u2-new", "task:created", "u2", At(10), new JsonObject { ["taskType"] = "impl" }, TestEvents.Agent("other-m", "impl", 200, 0)),
            TestEvents.Make("u2-start", "task:started", "u2", At(10, 5), new JsonObject { ["executor"] = "human" }, TestEvents.Agent("priced-m", "impl")),
            TestEvents.Make("u2-fail", "task:failed", "u2", At(10, 15), new JsonObject { ["failureType"] = "timeout" }),
            TestEvents.Make("u3-done", "task:completed", "u3", At(11), new JsonObject { ["taskType"] = "spec", ["durationSeconds"] = 60, ["costUsd"] = 0.02 },
                TestEvents.Agent("other-m", "impl", 10, 5)),
        ];
        var response = await Sidecar.PostEventsAsync(history);
        Assert.True(response.Status == HttpStatusCode.OK && response.Json.GetProperty("accepted").GetInt32() == history.Length, response.ToString());
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();
}
