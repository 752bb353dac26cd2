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
