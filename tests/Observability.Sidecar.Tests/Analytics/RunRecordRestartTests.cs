using System.Net;
using Observability.Sidecar.Tests.Support;
using static Observability.Sidecar.Tests.Analytics.AnalyticsHttp;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// Seed 002's criterion 9 ("migration applies and rolls back cleanly"). There is no schema to migrate: run records
/// are events in the log, so the equivalent is that a restarted sidecar rebuilds every record from the log alone,
/// and that a repeat sent after the restart is still a duplicate.
/// </summary>
public sealed class RunRecordRestartTests
{
    private static readonly DateTimeOffset T = new(2026, 2, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Criterion09_MigrationClean_RestartRebuildsRecordsFromTheLog()
    {
        using var directory = new TempDirectory("runs-restart");
        var start = new SidecarStart(directory.Combine("data"));
        var phase = Phase("run-r", "ph-r1", "implement", T, T.AddMinutes(10));
        string before;
        await using (var first = await SidecarProcess.StartAsync(start))
        {
            await first.PostOkAsync("/api/v1/metrics/ws-execution", Start("run-r", "WP-R", T), HttpStatusCode.Created);
            await first.PostOkAsync("/api/v1/metrics/ws-execution", phase);
            await first.PostOkAsync("/api/v1/metrics/ws-execution", Finish("run-r", "COMPLETED", T.AddMinutes(20)));
            before = (await first.GetJsonAsync("/api/v1/metrics/ws-executions/run-r")).GetRawText();
            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await SidecarProcess.StartAsync(start);
        Assert.Equal(before, (await second.GetJsonAsync("/api/v1/metrics/ws-executions/run-r")).GetRawText());
        var again = await second.PostOkAsync("/api/v1/metrics/ws-execution", phase);
        Assert.Equal("duplicate", again.GetProperty("events")[0].GetProperty("status").GetString());
        Assert.Single(again.GetProperty("execution").GetProperty("phases").EnumerateArray());
    }

    [Fact]
    public async Task Criterion10_LogWithBareEventIdPhases_ReplaysThemAndARetryIsStillADuplicate()
    {
        // A log as builds before run-scoped phase ids wrote it: the phase event's id is the phase's event_id itself.
        using var directory = new TempDirectory("runs-old-log");
        var data = directory.Combine("data");
        var events = Directory.CreateDirectory(EventLogFiles.EventsDirectory(data)).FullName;
        string[] records =
        [
            """{"id":"run-old:STARTED:2026-02-23T10:00:00Z","timestamp":"2026-02-23T10:00:00Z","eventType":"ws:execution","entityType":"ws","entityId":"run-old","metadata":{"status":"STARTED","wsId":"WS-OLD","wpId":"WP-OLD"}}""",
            """{"id":"550e8400-e29b-41d4-a716-446655440001","timestamp":"2026-02-23T10:04:30Z","eventType":"ws:phase","entityType":"ws","entityId":"run-old","metadata":{"phase":"failing_tests","wsExecutionId":"run-old","sequence":1,"startedAt":"2026-02-23T10:00:00Z","result":"pass","durationSeconds":270}}""",
        ];
        File.WriteAllBytes(Path.Combine(events, "00000000000000000000.log"), [.. records.SelectMany(EventLogFiles.Frame)]);

        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data));
        var replayed = Assert.Single((await sidecar.GetJsonAsync("/api/v1/metrics/ws-executions/run-old")).GetProperty("phases").EnumerateArray());
        Assert.Equal(("550e8400-e29b-41d4-a716-446655440001", 270.0), (replayed.GetProperty("event_id").GetString(), replayed.Number("duration_seconds")));

        var retry = Phase("run-old", "550e8400-e29b-41d4-a716-446655440001", "failing_tests", T, T.AddSeconds(270));
        var again = await sidecar.PostOkAsync("/api/v1/metrics/ws-execution", retry);

        Assert.Equal("duplicate", again.GetProperty("events")[0].GetProperty("status").GetString());
        Assert.Single(again.GetProperty("execution").GetProperty("phases").EnumerateArray());
        Assert.Equal(1, (await sidecar.ScrapeAsync()).Value("agentobs_ws_phases_total", "phase", "failing_tests", "result", "pass"));
        Assert.Equal(2, EventLogFiles.Read(data).Records.Count);
    }

    [Fact]
    public async Task Start_InvalidPriceTable_ExitsNonZeroNamingTheSetting()
    {
        using var directory = new TempDirectory("prices");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data"))
            {
                Arguments = ["--Analytics:Prices:0:Model", "m", "--Analytics:Prices:0:InputPerMillion", "-1", "--Analytics:Prices:0:OutputPerMillion", "2"],
            },
            TimeSpan.FromSeconds(30));

        Assert.True(exitCode != 0, $"exit code 0. Output:\n{output}");
        Assert.Contains("Analytics:Prices:0:InputPerMillion", output, StringComparison.Ordinal);
    }
}
