using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>POST /api/v1/admin/refresh</c> and <c>agentobs refresh --url</c> on a real sidecar: every analytics endpoint and
/// every event-derived /metrics series answers the same before and after (a compacted log's archives folded in), the
/// state snapshot is discarded, a new mapping family has the figures of the whole log, and events posted during a
/// refresh are all counted.
/// </summary>
public sealed class OnlineRefreshTests
{
    private static readonly Dictionary<string, string?> EveryProgressLine = new() { ["AGENTOBS_PROGRESS_INTERVAL_MS"] = "0" };

    // The maintenance work's own counters change across the comparisons; they are not derived from the events.
    private static readonly string[] SelfMetrics = [.. CompactTests.SelfMetrics, "agentobs_compactions_total", "agentobs_compacted_records_total", "agentobs_refreshes_total", "agentobs_metric_series"];

    [Fact]
    public async Task AdminRefresh_CompactedRunningSidecar_SameAnswersBeforeAfterAndAfterRestartSnapshotDiscarded()
    {
        using var directory = new TempDirectory("cli-refresh-online");
        var data = directory.Combine("data");
        var (events, cutoff) = CompactTests.History();
        string before;
        await using (var first = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096"))
        {
            foreach (var chunk in events.Chunk(7))
            {
                Assert.Equal(chunk.Length, (await first.PostNdjsonAsync([.. chunk])).Json.GetProperty("accepted").GetInt32());
            }

            await first.ScrapeUntilAsync(TimeSpan.FromSeconds(30), m => m.ValueOrZero("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost") >= 1);
            var compacted = await first.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/compact?before={TestEvents.Iso(cutoff)}"));
            Assert.True(compacted.Json.GetProperty("segments").GetInt32() >= 2, compacted.ToString());
            before = await CompactTests.Read(first, SelfMetrics);
            Assert.Equal(0, await first.StopAsync());
        }

        var snapshot = Path.Combine(data, "state.snapshot");
        Assert.True(File.Exists(snapshot), "a clean stop writes the snapshot");
        await using var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096");
        CompactTests.Same(before, await CompactTests.Read(sidecar, SelfMetrics), "restored from the snapshot");
        var position = events.Count + Crossings(await sidecar.ScrapeAsync());

        var refreshed = await CliProcess.RunAsync(EveryProgressLine, "refresh", "--url", sidecar.BaseAddress.ToString(), "--json");

        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.Equal("online", refreshed.Json.GetProperty("mode").GetString());
        Assert.True(refreshed.Json.GetProperty("snapshot_discarded").GetBoolean());
        Assert.False(File.Exists(snapshot));
        Assert.Equal(position, refreshed.Json.GetProperty("position").GetInt64());
        Assert.Equal(position, refreshed.Json.GetProperty("events").GetInt64() + refreshed.Json.GetProperty("unreadable").GetInt64());
        Assert.Contains("metrics", refreshed.Json.GetProperty("views").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("pipeline-facts", refreshed.Json.GetProperty("views").EnumerateArray().Select(v => v.GetString()));
        Assert.Matches($@"agentobs refresh: {position}/{position} records in \d+\.\d s \(\d+ records/s\), done", refreshed.StandardError);
        CompactTests.Same(before, await CompactTests.Read(sidecar, SelfMetrics), "after an online refresh");
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(1, metrics.Value("agentobs_refreshes_total", "outcome", "done"));
        Assert.Equal(0, metrics.Value("agentobs_refreshes_total", "outcome", "failed"));
        await sidecar.AssertOutputContainsAsync("Refreshed: ");

        // A second refresh folds the same log into the same figures; the progress endpoint names the last one.
        var again = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/refresh"));
        Assert.True(again.Status == System.Net.HttpStatusCode.OK, again.ToString());
        Assert.False(again.Json.GetProperty("snapshot_discarded").GetBoolean());
        var status = await sidecar.GetAsync("/api/v1/admin/refresh");
        Assert.False(status.Json.GetProperty("running").GetBoolean());
        Assert.Equal(position, status.Json.GetProperty("events").GetInt64());
        CompactTests.Same(before, await CompactTests.Read(sidecar, SelfMetrics), "after a second online refresh");

        Assert.Equal(0, await sidecar.StopAsync());
        await using var restarted = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096");
        CompactTests.Same(before, await CompactTests.Read(restarted, SelfMetrics), "restarted from the refreshed state's snapshot");
    }

    [Fact]
    public async Task AdminRefresh_AfterAMappingChange_NewFamilyHasTheWholeLogsFiguresAndOthersUnchanged()
    {
        using var directory = new TempDirectory("cli-refresh-mapping");
        var data = directory.Combine("data");
        var (events, _) = CompactTests.History();
        await using (var first = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096"))
        {
            Assert.Equal(events.Count, (await first.PostNdjsonAsync([.. events])).Json.GetProperty("accepted").GetInt32());
            Assert.Equal(0, await first.StopAsync());
        }

        var mapping = directory.Combine("extra-mapping.yaml");
        await File.WriteAllTextAsync(mapping, """
            families:
              - name: refresh_test_merges_total
                type: counter
                help: Merges seen by the refresh test's extra mapping, by project
                labels: [project]
            rules:
              - event: workitem:merged
                metric: refresh_test_merges_total
                labels: { project: metadata.project }
            """);
        await using var remapped = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096", "--Sidecar:MappingFiles:0", mapping);
        var before = await CompactTests.Read(remapped, SelfMetrics);

        var refreshed = await CliProcess.RunAsync("refresh", "--url", remapped.BaseAddress.ToString());

        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.Contains("refreshed (online): ", refreshed.StandardOutput, StringComparison.Ordinal);
        var metrics = await remapped.ScrapeAsync();
        var merges = events.Where(e => e["eventType"]!.GetValue<string>() == "workitem:merged").ToList();
        Assert.Equal(66, merges.Count);
        Assert.Equal(33, metrics.Value("agentobs_refresh_test_merges_total", "project", "alpha"));
        Assert.Equal(33, metrics.Value("agentobs_refresh_test_merges_total", "project", "beta"));
        CompactTests.Same(before, await CompactTests.Read(remapped, SelfMetrics), "after the refresh under the new mapping");
    }

    [Fact]
    public async Task AdminRefresh_WhileEventsArePosted_NoneLostAndSameAsAFullReplay()
    {
        using var directory = new TempDirectory("cli-refresh-writes");
        var data = directory.Combine("data");
        var (history, _) = CompactTests.History();
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var later = Enumerable.Range(0, 1200)
            .Select(i => TestEvents.Make(
                TestEvents.NewId("w"), i % 2 == 0 ? "task:started" : "task:completed", $"W-{i / 2}", t0.AddSeconds(i), new JsonObject { ["taskType"] = "impl" }))
            .ToList();
        string during;
        await using (var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=65536"))
        {
            Assert.Equal(history.Count, (await sidecar.PostNdjsonAsync([.. history])).Json.GetProperty("accepted").GetInt32());

            // Bounded: 48 batches of 25 events, posted while two refreshes run one after the other.
            var posting = Task.Run(async () =>
            {
                foreach (var chunk in later.Chunk(25))
                {
                    var posted = await sidecar.PostNdjsonAsync([.. chunk]);
                    Assert.True(posted.Json.GetProperty("accepted").GetInt32() == chunk.Length, posted.ToString());
                }
            });
            var refreshes = 0;
            while (!posting.IsCompleted || refreshes < 2)
            {
                var refreshed = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/refresh"));
                Assert.True(refreshed.Status == System.Net.HttpStatusCode.OK, refreshed.ToString());
                refreshes++;
            }

            await posting.WaitAsync(TimeSpan.FromSeconds(60));
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(refreshes, metrics.Value("agentobs_refreshes_total", "outcome", "done"));
            Assert.Equal(history.Count + later.Count + Crossings(metrics), metrics.Value("agentobs_event_log_records"));
            Assert.Equal(20 + 600, Sum(metrics, "agentobs_task_started_total"));
            during = await CompactTests.Read(sidecar, SelfMetrics);
            Assert.Equal(0, await sidecar.StopAsync());
        }

        // The same log replayed from scratch: every figure as the refreshed sidecar had it.
        File.Delete(Path.Combine(data, "state.snapshot"));
        await using var replayed = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=65536");
        CompactTests.Same(during, await CompactTests.Read(replayed, SelfMetrics), "a full replay of the log the refreshes ran on");
    }

    [Fact]
    public async Task Refresh_NoSidecarAtUrl_ExitsOneNamingIt()
    {
        var url = $"http://127.0.0.1:{FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}/";

        var refused = await CliProcess.RunAsync("refresh", "--url", url);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"cannot reach the sidecar at {url}", refused.StandardError, StringComparison.Ordinal);
    }

    // The stored threshold crossings: events in the log as much as the posted ones.
    private static long Crossings(MetricsSnapshot metrics) => (long)Sum(metrics, "agentobs_threshold_crossings_total");

    private static double Sum(MetricsSnapshot metrics, string name) => metrics.Samples.Where(s => s.Name == name).Sum(s => s.Value);
}
