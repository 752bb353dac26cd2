using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The event log under the real process: counters and duplicates survive a SIGTERM restart, and a torn or corrupt
/// tail written behind the sidecar's back is cut, counted and survived on the next start.
/// </summary>
public sealed class DurabilityTests
{
    private static readonly double[] TaskBuckets = [60, 300, 900, 1800, 3600];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string> Damages => ["torn", "corrupt", "garbage", "zeros"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restart_AfterSigterm_CountersContinueAndOldIdsStayDuplicates(bool snapshot)
    {
        // Tiny segments (with ~1.5 KB records) so that the log spans several files (a batch stays in one segment).
        // With the state snapshot a clean restart restores the derived state; without it, it replays every record.
        string[] arguments = ["--Sidecar:SegmentMaxBytes", "4096", "--Sidecar:Snapshot", snapshot ? "true" : "false"];
        using var directory = new TempDirectory("restart");
        var data = directory.Combine("data");
        var u = TestEvents.Unique();
        JsonObject[] pretty =
        [
            TestEvents.Make(TestEvents.NewId("r"), "task:started", $"done-{u}", TestEvents.T0, new JsonObject { ["taskType"] = "impl", ["agentType"] = $"agent-{u}" }),
            TestEvents.Make(
                TestEvents.NewId("r"), "task:completed", $"done-{u}", TestEvents.T0.AddMinutes(5),
                new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = $"agent-{u}", ["costUsd"] = 0.5 },
                TestEvents.Agent($"model-{u}", "impl", input: 700, output: 70)),
            TestEvents.Make(TestEvents.NewId("r"), "lint:reported", "repo", TestEvents.T0, new JsonObject { ["severity"] = "info", ["count"] = 5 }),
            TestEvents.Make(TestEvents.NewId("r"), "coverage:reported", "repo", TestEvents.T0, new JsonObject { ["percent"] = 66.5 }),
        ];
        JsonObject[] ndjson =
        [
            TestEvents.Make(TestEvents.NewId("r"), "ws:execution", $"wsx-{u}", TestEvents.T0, new JsonObject { ["status"] = "COMPLETED" }),
            TestEvents.Make(TestEvents.NewId("r"), "human:intervention", $"done-{u}", TestEvents.T0, new JsonObject { ["reason"] = $"restart-{u}" }),

            // Started before the restart, completed after it: the start must be replayed for the duration.
            TestEvents.Make(TestEvents.NewId("r"), "task:started", $"open-{u}", TestEvents.T0, new JsonObject { ["taskType"] = "impl", ["agentType"] = $"agent-{u}" }),
        ];
        var stored = pretty.Length + ndjson.Length;
        foreach (var e in pretty.Concat(ndjson))
        {
            e["metadata"]!["note"] = new string('n', 1500);
        }

        MetricsSnapshot beforeStop;
        await using (var first = await SidecarProcess.StartAsync(data, arguments))
        {
            // A pretty-printed array: items span lines, and must still be stored as one-line records.
            var a = await first.PostAsync(new JsonArray([.. pretty.Select(e => e.DeepClone())]).ToJsonString(Indented), "application/json");
            var b = await first.PostNdjsonAsync(ndjson);
            Assert.True(a.Status == HttpStatusCode.OK, a.ToString());
            Assert.True(b.Status == HttpStatusCode.OK, b.ToString());
            Assert.Equal(stored, a.Json.GetProperty("accepted").GetInt32() + b.Json.GetProperty("accepted").GetInt32());
            beforeStop = await first.ScrapeAsync();

            var exitCode = await first.StopAsync();

            Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM. Output:\n{first.Output}");
            Assert.Contains("Event log closed and flushed", first.Output, StringComparison.Ordinal);
        }

        var log = EventLogFiles.Read(data);
        Assert.Equal(0, log.TailBytes);
        Assert.Equal(
            [.. pretty.Concat(ndjson).Select(TestEvents.IdOf).Order(StringComparer.Ordinal)],
            log.Records.Select(r => r.Id).Order(StringComparer.Ordinal).ToList());
        Assert.All(log.Records, r => Assert.DoesNotContain('\n', r.Json));
        Assert.True(EventLogFiles.Segments(data).Count >= 2, $"expected several segments, found {EventLogFiles.Segments(data).Count}");

        await using (var second = await SidecarProcess.StartAsync(data, arguments))
        {
            var afterRestart = await second.ScrapeAsync();

            // Every product sample has the value it had before the stop: nothing reset, nothing counted twice.
            new ExpectedSamples().AssertChanges(beforeStop, afterRestart, "after the restart");
            Assert.Equal(snapshot ? 0 : stored, afterRestart.Value("agentobs_events_replayed_total"));
            Assert.Equal(snapshot ? stored : 0, afterRestart.Value("agentobs_state_snapshot_records"));
            Assert.Equal(snapshot, File.Exists(Path.Combine(data, "state.snapshot")));
            Assert.Equal(stored, afterRestart.Value("agentobs_event_log_records"));
            Assert.Equal(0, afterRestart.Value("agentobs_events_received_total", "outcome", "accepted"));
            Assert.Equal(0, afterRestart.Value("agentobs_event_log_recoveries_total"));

            // The pre-restart ids are still known.
            var again = await second.PostEventsAsync([.. pretty, .. ndjson]);
            Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
            Assert.Equal(stored, again.Json.GetProperty("duplicates").GetInt32());
            Assert.Equal(0, again.Json.GetProperty("accepted").GetInt32());
            var afterDuplicates = await second.ScrapeAsync();
            new ExpectedSamples().AssertChanges(afterRestart, afterDuplicates, "pre-restart ids posted again");

            // New events continue the counters, and the replayed start gives the completion its duration.
            var completion = await second.PostEventsAsync(TestEvents.Make(
                TestEvents.NewId("r"), "task:completed", $"open-{u}", TestEvents.T0.AddMinutes(30),
                new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = $"agent-{u}" }));
            Assert.True(completion.Status == HttpStatusCode.OK, completion.ToString());
            new ExpectedSamples()
                .Inc("task_total", 1, "agent_type", $"agent-{u}", "task_type", "impl", "success", "true")
                .Observe("task_duration_seconds", TaskBuckets, [1800], "agent_type", $"agent-{u}", "task_type", "impl", "stage", "build", "success", "true")
                .Set("ai_success_rate", 1, "agent_type", $"agent-{u}")
                .AssertChanges(afterDuplicates, await second.ScrapeAsync(), "a completion after the restart");
            Assert.Equal(2, (await second.ScrapeAsync()).Value("agentobs_task_total", "agent_type", $"agent-{u}", "task_type", "impl", "success", "true"));
            Assert.Equal(0, await second.StopAsync());
        }

        await using var third = await SidecarProcess.StartAsync(data, arguments);
        var afterSecondRestart = await third.ScrapeAsync();
        Assert.Equal(snapshot ? 0 : stored + 1, afterSecondRestart.Value("agentobs_events_replayed_total"));
        Assert.Equal(snapshot ? stored + 1 : 0, afterSecondRestart.Value("agentobs_state_snapshot_records"));
    }

    [Fact]
    public async Task Replay_RecordsThatAreNotValidEvents_AreCountedAndSkipped()
    {
        using var directory = new TempDirectory("unreplayable");
        var data = directory.Combine("data");
        var events = Directory.CreateDirectory(EventLogFiles.EventsDirectory(data)).FullName;
        var u = TestEvents.Unique();
        var good = Enumerable.Range(0, 2).Select(i => TestEvents.Make(
            $"good-{u}-{i}", "human:intervention", "t", TestEvents.T0, new JsonObject { ["reason"] = $"replay-{u}" })).ToArray();

        // Well-framed records (right length and checksum) whose payloads are not valid events.
        byte[] log =
        [
            .. EventLogFiles.Frame(good[0].ToJsonString()),
            .. EventLogFiles.Frame("{\"not\":\"an event\"}"),
            .. EventLogFiles.Frame("[1,2,3]"),
            .. EventLogFiles.Frame("{\"id\":\"x\",\"timestamp\":\"yesterday\",\"eventType\":\"chain:created\",\"entityId\":\"c\"}"),
            .. EventLogFiles.Frame(good[1].ToJsonString()),
        ];
        await File.WriteAllBytesAsync(Path.Combine(events, "00000000000000000000.log"), log);

        await using var sidecar = await SidecarProcess.StartAsync(data);
        var metrics = await sidecar.ScrapeAsync();

        Assert.Equal(2, metrics.Value("agentobs_events_replayed_total"));
        Assert.Equal(3, metrics.Value("agentobs_events_unreplayable_total"));
        Assert.Equal(0, metrics.Value("agentobs_event_log_recoveries_total"));
        Assert.Equal(2, metrics.Value("agentobs_human_interventions_total", "reason", $"replay-{u}"));
        Assert.Equal(log.Length, new FileInfo(Path.Combine(events, "00000000000000000000.log")).Length);
        var again = await sidecar.PostEventsAsync(good);
        Assert.Equal(2, again.Json.GetProperty("duplicates").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Restart_WithADamagedOrZeroFilledTail_CutsItCountsOnlyDamageAndBecomesReady(string damage)
    {
        using var directory = new TempDirectory("recovery");
        var data = directory.Combine("data");
        var u = TestEvents.Unique();
        var events = Enumerable.Range(0, 5).Select(i => TestEvents.Make(
            TestEvents.NewId("rec"), "task:completed", $"t-{u}-{i}", TestEvents.T0,
            new JsonObject { ["taskType"] = "impl", ["agentType"] = $"agent-{u}", ["durationSeconds"] = 10 })).ToArray();
        await using (var first = await SidecarProcess.StartAsync(data))
        {
            foreach (var e in events)
            {
                var response = await first.PostEventsAsync(e);
                Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            }

            Assert.Equal(0, await first.StopAsync());
        }

        var segment = EventLogFiles.LastSegment(data);
        var intact = EventLogFiles.Read(data);
        Assert.Equal(5, intact.Records.Count);
        var validLength = new FileInfo(segment).Length;
        var lost = TestEvents.Make(TestEvents.NewId("lost"), "task:completed", $"t-{u}-lost", TestEvents.T0, new JsonObject { ["agentType"] = $"agent-{u}", ["taskType"] = "impl" });
        long expectedCut;
        var survivors = events;
        switch (damage)
        {
            case "torn":
                // A crash in the middle of writing the next record: half a line, no newline.
                var frame = EventLogFiles.Frame(lost.ToJsonString());
                EventLogFiles.Append(segment, frame.AsSpan(0, frame.Length / 2));
                expectedCut = frame.Length / 2;
                break;
            case "corrupt":
                // One flipped bit inside the last record's JSON: the checksum no longer matches.
                var last = intact.Records[^1];
                var bytes = File.ReadAllBytes(segment);
                bytes[last.Offset + 18 + (last.Length / 2)] ^= 0x01;
                File.WriteAllBytes(segment, bytes);
                expectedCut = last.Length;
                validLength -= last.Length;
                survivors = events[..^1];
                lost = events[^1];
                break;
            case "garbage":
                // Zeros after the last record, then bytes that are not: not the writer's unused space, so damage.
                var partial = "0000004a 1234abcd {\"id\":"u8;
                EventLogFiles.Append(segment, [.. new byte[4096], .. partial]);
                expectedCut = 4096 + partial.Length;
                lost = null;
                break;
            default:
                // Only zeros after the last record: the preallocated space a crash leaves, cut without counting.
                EventLogFiles.Append(segment, new byte[4096]);
                expectedCut = 0;
                lost = null;
                break;
        }

        await using (var second = await SidecarProcess.StartAsync(data))
        {
            var metrics = await second.ScrapeAsync();

            Assert.Equal(expectedCut > 0 ? 1 : 0, metrics.Value("agentobs_event_log_recoveries_total"));
            Assert.Equal(expectedCut, metrics.Value("agentobs_event_log_truncated_bytes_total"));
            // The clean stop wrote a state snapshot of the 5 records. Damage after them leaves it usable; a damaged last
            // record means the log no longer holds what it covers, and the start replays everything instead.
            var snapshotUsable = damage != "corrupt";
            Assert.Equal(snapshotUsable ? 5 : 0, metrics.Value("agentobs_state_snapshot_records"));
            Assert.Equal(snapshotUsable ? 0 : survivors.Length, metrics.Value("agentobs_events_replayed_total"));
            if (snapshotUsable)
            {
                Assert.DoesNotContain("Not using the state snapshot", second.Output, StringComparison.Ordinal);
            }
            else
            {
                await second.AssertOutputContainsAsync("Not using the state snapshot");
            }

            Assert.Equal(survivors.Length, metrics.Value("agentobs_task_total", "agent_type", $"agent-{u}", "task_type", "impl", "success", "true"));

            // Nothing appended yet, so nothing preallocated: the file is exactly its valid records.
            Assert.Equal(validLength, new FileInfo(segment).Length);
            if (expectedCut > 0)
            {
                await second.AssertOutputContainsAsync("recovery cut");
            }
            else
            {
                Assert.DoesNotContain("recovery cut", second.Output, StringComparison.Ordinal);
            }

            // The good events are still there (duplicates); the damaged one is gone (accepted anew).
            var repost = await second.PostEventsAsync([.. survivors]);
            Assert.True(repost.Status == HttpStatusCode.OK, repost.ToString());
            Assert.Equal(survivors.Length, repost.Json.GetProperty("duplicates").GetInt32());
            if (lost is not null)
            {
                var again = await second.PostEventsAsync(lost);
                Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
                Assert.Equal("accepted", again.Json.GetProperty("items")[0].GetProperty("status").GetString());
            }

            Assert.Equal(0, await second.StopAsync());
        }

        // Repaired for good: the next start finds nothing to cut.
        await using var third = await SidecarProcess.StartAsync(data);
        var final = await third.ScrapeAsync();
        Assert.Equal(0, final.Value("agentobs_event_log_recoveries_total"));
        Assert.Equal(survivors.Length + (lost is null ? 0 : 1), final.Value("agentobs_state_snapshot_records"));
        Assert.Equal(0, final.Value("agentobs_events_replayed_total"));
        var files = EventLogFiles.Read(data);
        Assert.Equal(0, files.TailBytes);
    }
}
