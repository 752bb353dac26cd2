using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The state snapshot under the real process: a restart restores it and replays only the records after it, and the
/// result is the same, sample for sample, as replaying the whole log; a snapshot that does not fit is never used.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task Restart_AfterAKillThatFollowedACleanStop_RestoresTheSnapshotReplaysTheTailAndMatchesAFullReplay()
    {
        using var directory = new TempDirectory("snapshot-tail");
        var data = directory.Combine("data");
        var u = TestEvents.Unique();
        var before = Workload(u, "before");
        var after = Workload(u, "after");

        await using (var first = await SidecarProcess.StartAsync(data))
        {
            await PostAllAsync(first, before);
            Assert.Equal(0, await first.StopAsync());
        }

        await using (var second = await SidecarProcess.StartAsync(data))
        {
            var restored = await second.ScrapeAsync();
            Assert.Equal(before.Length, restored.Value("agentobs_state_snapshot_records"));
            Assert.Equal(0, restored.Value("agentobs_events_replayed_total"));
            await second.AssertOutputContainsAsync("Restored the derived state of");

            // Completes the task the first run started: the open start must have come back with the snapshot.
            await PostAllAsync(second, after);
            await second.KillAsync();
        }

        MetricsSnapshot fromSnapshot;
        await using (var third = await SidecarProcess.StartAsync(data))
        {
            fromSnapshot = await third.ScrapeAsync();
            Assert.Equal(before.Length, fromSnapshot.Value("agentobs_state_snapshot_records"));
            Assert.Equal(after.Length, fromSnapshot.Value("agentobs_events_replayed_total"));
            Assert.Equal(1, fromSnapshot.Value("agentobs_task_duration_seconds_count", "agent_type", $"agent-{u}", "task_type", "impl", "stage", "build", "success", "true"));
            Assert.Equal(1800, fromSnapshot.Value("agentobs_task_duration_seconds_sum", "agent_type", $"agent-{u}", "task_type", "impl", "stage", "build", "success", "true"));

            // Every id from both runs is still a duplicate.
            var again = await third.PostEventsAsync([.. before, .. after]);
            Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
            Assert.Equal(before.Length + after.Length, again.Json.GetProperty("duplicates").GetInt32());
            Assert.Equal(0, await third.StopAsync());
        }

        await using var full = await SidecarProcess.StartAsync(data, "--Sidecar:Snapshot", "false");
        var fromFullReplay = await full.ScrapeAsync();
        Assert.Equal(0, fromFullReplay.Value("agentobs_state_snapshot_records"));
        Assert.Equal(before.Length + after.Length, fromFullReplay.Value("agentobs_events_replayed_total"));
        new ExpectedSamples().AssertChanges(fromSnapshot, fromFullReplay, "a full replay against the snapshot and its tail");
    }

    [Fact]
    public async Task Restart_WithADamagedSnapshotOrAnotherMapping_ReplaysTheWholeLogInstead()
    {
        using var directory = new TempDirectory("snapshot-unused");
        var data = directory.Combine("data");
        var snapshot = Path.Combine(data, "state.snapshot");
        var u = TestEvents.Unique();
        var events = Workload(u, "only");
        MetricsSnapshot beforeStop;
        await using (var first = await SidecarProcess.StartAsync(data))
        {
            await PostAllAsync(first, events);
            beforeStop = await first.ScrapeAsync();
            Assert.Equal(0, await first.StopAsync());
        }

        // One flipped bit in the middle of the file.
        var bytes = await File.ReadAllBytesAsync(snapshot);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(snapshot, bytes);
        await using (var damaged = await SidecarProcess.StartAsync(data))
        {
            var metrics = await damaged.ScrapeAsync();
            Assert.Equal(0, metrics.Value("agentobs_state_snapshot_records"));
            Assert.Equal(events.Length, metrics.Value("agentobs_events_replayed_total"));
            await damaged.AssertOutputContainsAsync("its checksum does not match");
            new ExpectedSamples().AssertChanges(beforeStop, metrics, "a restart past a damaged snapshot");
            Assert.Equal(0, await damaged.StopAsync());
        }

        // The stop above wrote a good snapshot again; an extra mapping file makes it another mapping's state.
        var mapping = directory.Combine("extra-mapping.yaml");
        await File.WriteAllTextAsync(mapping, """
            families:
              - name: snapshot_test_events_total
                type: counter
                help: Events seen by the snapshot test's extra mapping
            rules:
              - event: task:completed
                metric: snapshot_test_events_total
            """);
        await using var remapped = await SidecarProcess.StartAsync(data, "--Sidecar:MappingFiles:0", mapping);
        var remappedMetrics = await remapped.ScrapeAsync();
        Assert.Equal(0, remappedMetrics.Value("agentobs_state_snapshot_records"));
        Assert.Equal(events.Length, remappedMetrics.Value("agentobs_events_replayed_total"));
        await remapped.AssertOutputContainsAsync("derived under another mapping");
        Assert.Equal(1, remappedMetrics.Value("agentobs_snapshot_test_events_total"));
    }

    [Fact]
    public async Task Restart_WithASnapshotThatPassesItsChecksButCannotBeRead_ExitsDeletesItAndTheNextStartReplays()
    {
        using var directory = new TempDirectory("snapshot-broken");
        var data = directory.Combine("data");
        var snapshot = Path.Combine(data, "state.snapshot");
        var u = TestEvents.Unique();
        var events = Workload(u, "only");
        MetricsSnapshot beforeStop;
        await using (var first = await SidecarProcess.StartAsync(data))
        {
            await PostAllAsync(first, events);
            beforeStop = await first.ScrapeAsync();
            Assert.Equal(0, await first.StopAsync());
        }

        // Its state cut short, then sealed again with a matching checksum: only a bug could write this, and the
        // restore fails half-way. The sidecar must not serve a half-restored state.
        var bytes = await File.ReadAllBytesAsync(snapshot);
        var state = bytes[..^(32 + 200)];
        await File.WriteAllBytesAsync(snapshot, [.. state, .. SHA256.HashData(state)]);
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(new SidecarStart(data), TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 1, $"exit code {exitCode}. Output:\n{output}");
        Assert.Contains("could not be restored and was deleted", output, StringComparison.Ordinal);
        Assert.False(File.Exists(snapshot));

        await using var restarted = await SidecarProcess.StartAsync(data);
        var metrics = await restarted.ScrapeAsync();
        Assert.Equal(0, metrics.Value("agentobs_state_snapshot_records"));
        Assert.Equal(events.Length, metrics.Value("agentobs_events_replayed_total"));
        new ExpectedSamples().AssertChanges(beforeStop, metrics, "a full replay after a broken snapshot");
    }

    // One of most kinds of state: counters, a histogram, gauges, a success window, merges, tokens, an open start.
    private static JsonObject[] Workload(string u, string phase) => phase == "after"
        ?
        [
            TestEvents.Make(
                TestEvents.NewId("s"), "task:completed", $"open-{u}", TestEvents.T0.AddMinutes(30),
                new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = $"agent-{u}" }),
            TestEvents.Make(TestEvents.NewId("s"), "coverage:reported", "repo", TestEvents.T0, new JsonObject { ["percent"] = 71.5 }),
        ]
        :
        [
            TestEvents.Make(TestEvents.NewId("s"), "task:started", $"open-{u}", TestEvents.T0, new JsonObject { ["taskType"] = "impl", ["agentType"] = $"agent-{u}" }),
            TestEvents.Make(
                TestEvents.NewId("s"), "task:completed", $"done-{u}-{phase}", TestEvents.T0,
                new JsonObject { ["taskType"] = "review", ["stage"] = "test", ["agentType"] = $"agent-{u}", ["durationSeconds"] = 42.5 },
                TestEvents.Agent($"model-{u}", "impl", input: 1200, output: 300)),
            TestEvents.Make(TestEvents.NewId("s"), "task:failed", $"fail-{u}-{phase}", TestEvents.T0, new JsonObject { ["taskType"] = "review", ["agentType"] = $"agent-{u}", ["failureType"] = "test_failure" }),
            TestEvents.Make(TestEvents.NewId("s"), "lint:reported", "repo", TestEvents.T0, new JsonObject { ["severity"] = "error", ["count"] = 3 }),
            TestEvents.Make(TestEvents.NewId("s"), "coverage:reported", "repo", TestEvents.T0, new JsonObject { ["percent"] = 66.5 }),
            TestEvents.Make(TestEvents.NewId("s"), "human:intervention", $"done-{u}-{phase}", TestEvents.T0, new JsonObject { ["reason"] = $"snapshot-{u}" }),
            TestEvents.Make(TestEvents.NewId("s"), "workitem:merged", $"wi-{u}-{phase}", TestEvents.T0, new JsonObject { ["attempts"] = 2, ["project"] = $"p-{u}" }),
        ];

    private static async Task PostAllAsync(SidecarProcess sidecar, JsonObject[] events)
    {
        var response = await sidecar.PostEventsAsync([.. events.Select(e => e.DeepClone())]);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.True(events.Length == response.Json.GetProperty("accepted").GetInt32(), response.ToString());
    }
}
