using System.Text.Json;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>agentobs refresh --data-dir</c> on a real sidecar's data directory: refused while the sidecar runs (nothing
/// changed), and once it is stopped the snapshot is discarded, the log folded, and the next start derives the same
/// answers from the whole log.
/// </summary>
public sealed class RefreshTests
{
    [Fact]
    public async Task Refresh_WhileSidecarRunsThenStopped_RefusedNamingTheLockThenSnapshotDiscardedAndSameAnswers()
    {
        using var directory = new TempDirectory("cli-refresh");
        var data = directory.Combine("data");
        var sidecar = await SidecarProcess.StartAsync(data);
        var events = Enumerable.Range(0, 30).Select(i => TestEvents.Make(TestEvents.NewId("r"), i % 2 == 0 ? "task:started" : "task:completed", $"T{i / 2}", TestEvents.T0.AddMinutes(i))).ToArray();
        var post = await sidecar.PostEventsAsync(events);
        Assert.True(post.Status == System.Net.HttpStatusCode.OK, post.ToString());
        var before = await CliProcess.RunAsync("summary", "--url", sidecar.BaseAddress.ToString(), "--json");

        var refused = await CliProcess.RunAsync("refresh", "--data-dir", data);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"{data} is in use by a running sidecar", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(data, "events", ".lock"), refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.StandardOutput);

        Assert.Equal(0, await sidecar.StopAsync());
        await sidecar.DisposeAsync();
        var snapshot = Path.Combine(data, "state.snapshot");
        Assert.True(File.Exists(snapshot), "a clean stop writes the snapshot");

        var refreshed = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["AGENTOBS_PROGRESS_INTERVAL_MS"] = "0" }, "refresh", "--data-dir", data, "--json");

        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.False(File.Exists(snapshot));
        Assert.True(refreshed.Json.GetProperty("snapshot_discarded").GetBoolean());
        Assert.Equal(30, refreshed.Json.GetProperty("events").GetInt64());
        Assert.Equal(30, refreshed.Json.GetProperty("position").GetInt64());
        Assert.Contains("pipeline-facts", refreshed.Json.GetProperty("views").EnumerateArray().Select(v => v.GetString()));
        Assert.True(refreshed.Json.GetProperty("seconds").GetDouble() > 0);

        // Not a terminal: plain progress lines on stderr, the last one with the count and the time.
        Assert.Matches(@"agentobs refresh: 30/30 records in \d+\.\d s \(\d+ records/s\), done", refreshed.StandardError);

        await using var again = await SidecarProcess.StartAsync(data);
        var metrics = await again.ScrapeAsync();
        Assert.Equal(0, metrics.Value("agentobs_state_snapshot_records"));
        Assert.Equal(30, metrics.Value("agentobs_events_replayed_total"));
        var after = await CliProcess.RunAsync("summary", "--url", again.BaseAddress.ToString(), "--json");
        Assert.Equal(WithoutClock(before.Json), WithoutClock(after.Json));
    }

    private static string WithoutClock(JsonElement answer) =>
        JsonSerializer.Serialize(answer.EnumerateObject().Where(p => p.Name != "computed_at").ToDictionary(p => p.Name, p => p.Value));
}
