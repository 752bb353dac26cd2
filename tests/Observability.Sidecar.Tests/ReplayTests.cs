using System.Globalization;
using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Start-up replay: the sidecar listens meanwhile, says it is not ready and refuses events with 503, then counts every
/// stored record exactly once. The replay is held open through the sidecar's test seam
/// (<c>AGENTOBS_TEST_HOLD_REPLAY_UNTIL</c>) until the test has made its early requests, so they never race its speed.
/// </summary>
public sealed class ReplayTests
{
    private const int Records = 50_000;

    [Fact]
    public async Task Replay_InProgress_Answers503ThenCountsEveryStoredRecord()
    {
        using var directory = new TempDirectory("replay");
        var data = directory.Combine("data");
        var release = directory.Combine("release-replay");
        WriteLog(Directory.CreateDirectory(EventLogFiles.EventsDirectory(data)).FullName);

        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data)
        {
            WaitUntilReady = false,
            Environment = new Dictionary<string, string?> { ["AGENTOBS_TEST_HOLD_REPLAY_UNTIL"] = release },
        });
        var readiness = await sidecar.GetAsync("/readiness");
        var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("early"), "chain:created", "C", TestEvents.T0));
        var duringReplay = await sidecar.ScrapeAsync();
        await File.WriteAllTextAsync(release, string.Empty);

        Assert.True(readiness.Status == HttpStatusCode.ServiceUnavailable, $"the replay is held open, yet readiness said {readiness}");
        Assert.False(readiness.Json.GetProperty("ready").GetBoolean());
        Assert.Equal("in progress", readiness.Json.GetProperty("checks").GetProperty("replay").GetString());
        Assert.Contains("replay", readiness.Json.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.True(post.Status == HttpStatusCode.ServiceUnavailable, post.ToString());
        Assert.Equal("application/problem+json", post.ContentType);
        Assert.Equal("1", post.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/health")).Status);
        // A replay is not a write failure: no writable sample yet, so AgentObsEventLogNotWritable stays silent however long it takes.
        Assert.Null(duringReplay.Value("agentobs_event_log_writable"));

        await sidecar.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        await sidecar.AssertOutputContainsAsync($"AGENTOBS_TEST_HOLD_REPLAY_UNTIL is set: the replayed log stays closed to requests until {release} exists");
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(Records, metrics.Value("agentobs_events_replayed_total"));
        Assert.Equal(Records, metrics.Value("agentobs_event_log_records"));
        Assert.Equal(0, metrics.Value("agentobs_events_unreplayable_total"));
        Assert.Equal(0, metrics.Value("agentobs_event_log_recoveries_total"));
        Assert.Equal(Records, metrics.Value("agentobs_task_total", "agent_type", "bulk", "task_type", "bulk", "success", "true"));
        Assert.Equal(Records, metrics.Value("agentobs_task_duration_seconds_count", "agent_type", "bulk", "task_type", "bulk", "stage", "unknown", "success", "true"));
        Assert.Equal(Records / 100 * 4950, metrics.Value("agentobs_task_duration_seconds_sum", "agent_type", "bulk", "task_type", "bulk", "stage", "unknown", "success", "true"));
        Assert.True(metrics.Value("agentobs_event_log_replay_duration_seconds") > 0);
        Assert.Equal(1, metrics.Value("agentobs_event_log_writable"));

        var again = await sidecar.PostAsync(Json(0) + "\n" + Json(Records - 1), "application/x-ndjson");
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal(2, again.Json.GetProperty("duplicates").GetInt32());
    }

    private static void WriteLog(string eventsDirectory)
    {
        using var file = new FileStream(Path.Combine(eventsDirectory, "00000000000000000000.log"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (var i = 0; i < Records; i++)
        {
            file.Write(EventLogFiles.Frame(Json(i)));
        }
    }

    private static string Json(int i) => string.Create(
        CultureInfo.InvariantCulture,
        $$$"""{"id":"bulk-{{{i}}}","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityId":"t-{{{i}}}","metadata":{"taskType":"bulk","agentType":"bulk","durationSeconds":{{{i % 100}}}}}""");
}
