using System.Globalization;
using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Start-up replay of a log large enough to take a few seconds: the sidecar listens meanwhile, says it is not ready
/// and refuses events with 503, then counts every stored record exactly once.
/// </summary>
public sealed class ReplayTests
{
    // Large enough that replay (about 2 s here) outlasts the first requests by a wide margin; the 503 checks below
    // depend on it.
    private const int Records = 300_000;

    [Fact]
    public async Task Replay_InProgress_Answers503ThenCountsEveryStoredRecord()
    {
        using var directory = new TempDirectory("replay");
        var data = directory.Combine("data");
        WriteLog(Directory.CreateDirectory(EventLogFiles.EventsDirectory(data)).FullName);

        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data) { WaitUntilReady = false });
        var readiness = await sidecar.GetAsync("/readiness");
        var post = await sidecar.PostEventsAsync(Events.Make(Events.NewId("early"), "chain:created", "C", Events.T0));

        Assert.True(
            readiness.Status == HttpStatusCode.ServiceUnavailable,
            $"replaying {Records} records should outlast the first request; readiness said {readiness}");
        Assert.False(readiness.Json.GetProperty("ready").GetBoolean());
        Assert.Equal("in progress", readiness.Json.GetProperty("checks").GetProperty("replay").GetString());
        Assert.Contains("replay", readiness.Json.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.True(post.Status == HttpStatusCode.ServiceUnavailable, post.ToString());
        Assert.Equal("application/problem+json", post.ContentType);
        Assert.Equal("1", post.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/health")).Status);

        await sidecar.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(Records, metrics.Value("agentobs_events_replayed_total"));
        Assert.Equal(Records, metrics.Value("agentobs_event_log_records"));
        Assert.Equal(0, metrics.Value("agentobs_events_unreplayable_total"));
        Assert.Equal(0, metrics.Value("agentobs_event_log_recoveries_total"));
        Assert.Equal(Records, metrics.Value("agentobs_task_total", "agent_type", "bulk", "task_type", "bulk", "success", "true"));
        Assert.Equal(Records, metrics.Value("agentobs_task_duration_seconds_count", "agent_type", "bulk", "task_type", "bulk", "stage", "unknown", "success", "true"));
        Assert.Equal(Records / 100 * 4950, metrics.Value("agentobs_task_duration_seconds_sum", "agent_type", "bulk", "task_type", "bulk", "stage", "unknown", "success", "true"));
        Assert.True(metrics.Value("agentobs_event_log_replay_duration_seconds") > 0);

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
