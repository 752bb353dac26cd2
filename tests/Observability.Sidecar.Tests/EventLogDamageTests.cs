using System.Net;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Damage the log's writer cannot have caused, written behind a stopped sidecar: a changed byte in a sealed segment, a
/// removed segment. The next start keeps every other event, counts and logs the damage, copies it aside, becomes ready
/// and replays the log as it is rather than restore a state that holds the lost event.
/// </summary>
public sealed class EventLogDamageTests
{
    private const int Stored = 12;

    [Theory]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    [InlineData("flipped byte")]
    [InlineData("deleted segment")]
    public async Task Restart_AfterDamageToSealedSegments_KeepsEveryOtherEventCountsItAndBecomesReady(string damage)
    {
        string[] arguments = ["--Sidecar:SegmentMaxBytes", "4096"];
        using var directory = new TempDirectory("damage");
        var data = directory.Combine("data");
        var u = TestEvents.Unique();
        var reason = $"damage-{u}";
        var events = Enumerable.Range(0, Stored).Select(i =>
        {
            var e = TestEvents.Make(TestEvents.NewId("dmg"), "human:intervention", $"t-{i}", TestEvents.T0, new JsonObject { ["reason"] = reason });
            e["metadata"]!["note"] = new string('n', 900);
            return e;
        }).ToArray();
        await using (var first = await SidecarProcess.StartAsync(data, arguments))
        {
            foreach (var e in events)
            {
                var response = await first.PostEventsAsync(e);
                Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            }

            Assert.Equal(0, await first.StopAsync());
        }

        var segments = EventLogFiles.Segments(data);
        Assert.True(segments.Count >= 3, $"expected several segments, found {segments.Count}");
        var stored = EventLogFiles.Read(data).Records;
        var inMiddle = stored.Where(r => r.Segment == segments[1]).ToList();
        StoredRecord[] lost;
        byte[]? damagedBytes = null;
        if (damage == "flipped byte")
        {
            var victim = inMiddle[inMiddle.Count / 2];
            var bytes = File.ReadAllBytes(victim.Segment);
            bytes[victim.Offset + 18 + 40] ^= 0x01;
            File.WriteAllBytes(victim.Segment, bytes);
            damagedBytes = bytes[(int)victim.Offset..(int)(victim.Offset + victim.Length)];
            lost = [victim];
        }
        else
        {
            File.Delete(segments[1]);
            lost = [.. inMiddle];
        }

        var survivors = events.Where(e => lost.All(l => l.Id != TestEvents.IdOf(e))).ToArray();
        await using (var second = await SidecarProcess.StartAsync(data, arguments))
        {
            Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/readiness")).Status);
            var metrics = await second.ScrapeAsync();

            Assert.Equal(damagedBytes is null ? 0 : 1, metrics.Value("agentobs_event_log_corrupt_records_total"));
            Assert.Equal(damagedBytes?.Length ?? 0, metrics.Value("agentobs_event_log_corrupt_bytes_total"));
            Assert.Equal(damagedBytes is null ? lost.Length : 0, metrics.Value("agentobs_event_log_missing_records_total"));
            Assert.Equal(0, metrics.Value("agentobs_event_log_truncated_bytes_total"));
            Assert.Equal(0, metrics.Value("agentobs_event_log_recoveries_total"));
            Assert.Equal(Stored - lost.Length, metrics.Value("agentobs_event_log_records"));
            Assert.Equal(Stored - lost.Length, metrics.Value("agentobs_human_interventions_total", "reason", reason));

            // The snapshot of the clean stop holds the lost events: replayed instead, so the state is what the log holds.
            Assert.Equal(0, metrics.Value("agentobs_state_snapshot_records"));
            Assert.Equal(Stored - lost.Length, metrics.Value("agentobs_events_replayed_total"));
            await second.AssertOutputContainsAsync("fewer of the records it covers than when it was written");
            if (damagedBytes is not null)
            {
                var quarantined = Path.Combine(data, "quarantine", $"{Path.GetFileName(lost[0].Segment)}@{lost[0].Offset}.bin");
                Assert.Equal(damagedBytes, File.ReadAllBytes(quarantined));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(quarantined));
                await second.AssertOutputContainsAsync($"Event log damage in {lost[0].Segment} at bytes {lost[0].Offset} to {lost[0].Offset + lost[0].Length - 1}");
            }
            else
            {
                Assert.False(Directory.Exists(Path.Combine(data, "quarantine")));
                await second.AssertOutputContainsAsync("Event log records missing: sequences");
            }

            // Every survivor is still known; the lost events are new again.
            var repost = await second.PostNdjsonAsync(events);
            Assert.True(repost.Status == HttpStatusCode.OK, repost.ToString());
            Assert.Equal((survivors.Length, lost.Length), (repost.Json.GetProperty("duplicates").GetInt32(), repost.Json.GetProperty("accepted").GetInt32()));
            Assert.Equal(Stored, (await second.ScrapeAsync()).Value("agentobs_human_interventions_total", "reason", reason));
            Assert.Equal(0, await second.StopAsync());
        }

        // The damage is still there, counted again by this start; the snapshot written over it is used.
        await using var third = await SidecarProcess.StartAsync(data, arguments);
        var final = await third.ScrapeAsync();
        Assert.Equal(damagedBytes is null ? 0 : 1, final.Value("agentobs_event_log_corrupt_records_total"));
        Assert.Equal(damagedBytes is null ? lost.Length : 0, final.Value("agentobs_event_log_missing_records_total"));
        Assert.Equal(0, final.Value("agentobs_events_replayed_total"));
        Assert.Equal(Stored + lost.Length, final.Value("agentobs_state_snapshot_records"));
        Assert.Equal(Stored, final.Value("agentobs_human_interventions_total", "reason", reason));
        Assert.Equal(damagedBytes is null ? 0 : 1, Directory.Exists(Path.Combine(data, "quarantine")) ? Directory.GetFiles(Path.Combine(data, "quarantine")).Length : 0);
        Assert.All(EventLogFiles.Segments(data), s => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s) & (UnixFileMode)0x1FF));
    }
}
