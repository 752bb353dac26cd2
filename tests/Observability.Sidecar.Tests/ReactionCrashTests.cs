using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Reactions run once per event across a crash: a real sidecar is SIGKILLed after a merge that crosses a threshold is
/// durable and applied, but before the threshold-crossing reaction has appended its <c>threshold:crossed</c> event (the
/// test seam <c>AGENTOBS_TEST_HOLD_REACTIONS_UNTIL</c> holds reactions until a file exists). The next start derives the
/// crossing again from the log and the reaction stores it: once, however often the process dies.
/// </summary>
public sealed class ReactionCrashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThresholdCrossingReaction_SigkillBetweenAppendAndReaction_StoresTheCrossingExactlyOnce()
    {
        using var directory = new TempDirectory("reaction-crash");
        var data = directory.Combine("data");
        const string crossingId = "crossing:trust:_global:m-66";

        // 1. The merges are stored and applied (the crossing is pending), the reaction is held: SIGKILL.
        var held = new SidecarStart(data)
        {
            Environment = new Dictionary<string, string?> { ["AGENTOBS_TEST_HOLD_REACTIONS_UNTIL"] = directory.Combine("never") },
        };
        await using (var sidecar = await SidecarProcess.StartAsync(held))
        {
            // 50 first-pass merges, then 16 second attempts: merge 66 brings the rate to 34/50 = 0.68 < 0.70.
            var response = await sidecar.PostNdjsonAsync([.. Enumerable.Range(1, 66).Select(i => WindowsTests.Merge($"m-{i}", i <= 50 ? 1 : 2))]);
            Assert.Equal(66, response.Json.GetProperty("accepted").GetInt32());
            var windows = await sidecar.GetAsync("/api/v1/windows");
            Assert.Equal(1, windows.Json.GetProperty("pending_crossings").GetInt32());
            Assert.True(windows.Json.GetProperty("global").GetProperty("trust_lost").GetBoolean());
            await WaitUntilAsync(() => sidecar.Output.Contains("AGENTOBS_TEST_HOLD_REACTIONS_UNTIL", StringComparison.Ordinal), "the reaction to reach its hold", sidecar);
            Assert.Empty(Crossings(data));
            await sidecar.KillAsync();
        }

        Assert.Empty(Crossings(data));

        // 2. A start without the hold: the crossing is derived again from the log and stored once.
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            await WaitUntilAsync(() => Crossings(data).Count >= 1, "the crossing to be stored", sidecar);
            var metrics = await sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost") >= 1);
            Assert.Equal(1, metrics.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
            Assert.Equal(0, (await sidecar.GetAsync("/api/v1/windows")).Json.GetProperty("pending_crossings").GetInt32());
            Assert.Equal([crossingId], Crossings(data).Select(Id));

            // 3. Killed again once the crossing is stored: no clean stop, no snapshot of this run.
            await sidecar.KillAsync();
        }

        // 4. The replay finds the crossing's event in the log: not pending, not appended again, not even as a duplicate.
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(1, metrics.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
            Assert.Equal(0, (await sidecar.GetAsync("/api/v1/windows")).Json.GetProperty("pending_crossings").GetInt32());
            await Task.Delay(500);
            Assert.Equal(0, (await sidecar.ScrapeAsync()).ValueOrZero("agentobs_events_received_total", "outcome", "duplicate"));
            Assert.Equal([crossingId], Crossings(data).Select(Id));
            Assert.Equal(0, await sidecar.StopAsync());
        }
    }

    private static string Id(string json) => JsonNode.Parse(json)!["id"]!.GetValue<string>();

    private static List<string> Crossings(string data) =>
        [.. EventLogFiles.Read(data).Records.Select(r => r.Json).Where(j => j.Contains("\"eventType\":\"threshold:crossed\"", StringComparison.Ordinal))];

    private static async Task WaitUntilAsync(Func<bool> condition, string what, SidecarProcess sidecar)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {Patience} for {what}. Output:\n{sidecar.Output}");
            }

            await Task.Delay(100);
        }
    }
}
