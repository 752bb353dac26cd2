using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Every projection gives the same answers live, after a snapshot restore and after a full replay: one generated history
/// (tasks, runs, merges that cross a threshold and regain it, events whose timestamps run backwards, a batch posted
/// twice) is posted to a real sidecar; its answers (metrics, the 24-hour summary, pipeline facts, run records, merge
/// windows, stored crossings) are read over HTTP, then again after a clean restart that restores the snapshot, then
/// again after a start with the snapshot deleted (the whole log replayed).
/// </summary>
public sealed class ProjectionEquivalenceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // What describes this process rather than the events: its own work counters, clocks and creation times.
    private static readonly string[] SelfFamilies =
    [
        "agentobs_events_", "agentobs_state_snapshot", "agentobs_projection_", "agentobs_event_log_", "agentobs_process_",
        "agentobs_build_info", "agentobs_uptime", "agentobs_http_", "agentobs_scrape", "agentobs_webhook_", "agentobs_metric_series_folded",
        "agentobs_replay", "agentobs_start", "agentobs_dotnet_",
    ];

    private static readonly string[] Queries =
    [
        "/api/v1/summary", "/api/agent/metrics", "/api/v1/metrics/scoreboard?window=7d", "/api/v1/metrics/scoreboard?window=30d",
        "/api/v1/metrics/dashboard", "/api/v1/metrics/cost-summary", "/api/v1/metrics/ws-executions", "/api/v1/windows",
    ];

    [Fact]
    public async Task Projections_LiveSnapshotRestoreAndFullReplay_GiveTheSameAnswers()
    {
        using var directory = new TempDirectory("projection-equivalence");
        var data = directory.Combine("data");
        var history = History(DateTimeOffset.UtcNow.AddHours(-6));

        Dictionary<string, string> live;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            foreach (var batch in history.Chunk(25))
            {
                var response = await sidecar.PostNdjsonAsync(batch);
                Assert.True(response.Status == System.Net.HttpStatusCode.OK && response.Json.GetProperty("accepted").GetInt32() == batch.Length, response.ToString());
            }

            // A batch posted again: every item a duplicate, nothing applied twice.
            var again = await sidecar.PostNdjsonAsync([.. history.Take(25).Select(e => e.DeepClone())]);
            Assert.Equal(25, again.Json.GetProperty("duplicates").GetInt32());

            // The crossings are stored by their reaction and applied: nothing pending.
            await sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "regained") >= 1);
            await WaitUntilAsync(async () => (await sidecar.GetAsync("/api/v1/windows")).Json.GetProperty("pending_crossings").GetInt32() == 0, sidecar);
            live = await AnswersAsync(sidecar);
            Assert.Equal(1, (await sidecar.ScrapeAsync()).Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        Assert.True(File.Exists(Path.Combine(data, "state.snapshot")), "a clean stop writes the snapshot");
        Dictionary<string, string> restored;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            Assert.True((await sidecar.ScrapeAsync()).ValueOrZero("agentobs_state_snapshot_records") > 0, "the snapshot was restored");
            restored = await AnswersAsync(sidecar);
            Assert.Equal(0, await sidecar.StopAsync());
        }

        File.Delete(Path.Combine(data, "state.snapshot"));
        Dictionary<string, string> replayed;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(0, metrics.ValueOrZero("agentobs_state_snapshot_records"));
            Assert.True(metrics.ValueOrZero("agentobs_events_replayed_total") > history.Length - 1, "the whole log was replayed");
            replayed = await AnswersAsync(sidecar);
        }

        foreach (var (what, answer) in live)
        {
            Assert.True(answer == restored[what], $"{what} after a snapshot restore differs.\nlive:     {answer}\nrestored: {restored[what]}");
            Assert.True(answer == replayed[what], $"{what} after a full replay differs.\nlive:     {answer}\nreplayed: {replayed[what]}");
        }
    }

    private static async Task<Dictionary<string, string>> AnswersAsync(SidecarProcess sidecar)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Queries)
        {
            var response = await sidecar.GetAsync(path);
            Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"{path}: {response}");
            answers[path] = DerivedAnswer.Of(response.Body);
        }

        var health = await sidecar.GetAsync("/health");
        answers["/health metrics"] = health.Json.GetProperty("metrics").GetRawText();

        var exposition = (await sidecar.GetAsync("/metrics")).Body.Split('\n')
            .Where(l => l.StartsWith("agentobs_", StringComparison.Ordinal) && !SelfFamilies.Any(f => l.StartsWith(f, StringComparison.Ordinal)))
            .Where(l => !l.Split('{', ' ')[0].EndsWith("_created", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        answers["/metrics"] = string.Join('\n', exposition);
        Assert.Contains("agentobs_task_", answers["/metrics"], StringComparison.Ordinal);
        return answers;
    }

    // Deterministic: tasks started and finished (some finishing events posted late, with timestamps before events already
    // posted), runs with tokens and models, chains, and merges: 50 first-pass, 16 second attempts (trust lost at the 66th),
    // then 64 first-pass in two projects (trust regained).
    internal static JsonObject[] History(DateTimeOffset t0)
    {
        var random = new Random(13);
        var events = new List<JsonObject>();
        var late = new List<JsonObject>();
        string[] models = ["claude-sonnet", "claude-opus", "gpt-4-turbo"];
        for (var i = 0; i < 60; i++)
        {
            var at = t0.AddMinutes(i * 3);
            var task = $"T-{i}";
            var agent = new JsonObject { ["model"] = models[i % 3], ["role"] = i % 2 == 0 ? "impl" : "review", ["tokens"] = new JsonObject { ["input"] = 1000 + i, ["output"] = 100 + i } };
            events.Add(TestEvents.Make($"s-{i}", "task:started", task, at, new JsonObject { ["taskType"] = i % 4 == 0 ? "spec" : "impl" }, agent));
            var end = TestEvents.Make($"e-{i}", i % 5 == 0 ? "task:failed" : "task:completed", task, at.AddSeconds(60 + random.Next(600)),
                new JsonObject { ["taskType"] = i % 4 == 0 ? "spec" : "impl", ["durationSeconds"] = 60 + i, ["failureType"] = "timeout" }, agent.DeepClone().AsObject());
            (i % 7 == 0 ? late : events).Add(end);
            if (i % 6 == 0)
            {
                var run = $"R-{i}";
                events.Add(TestEvents.Make($"r-{i}-s", "ws:execution", run, at, new JsonObject { ["status"] = "STARTED", ["wsId"] = $"WS-{i}" }, agent.DeepClone().AsObject()));
                events.Add(TestEvents.Make($"r-{i}-c", "ws:execution", run, at.AddMinutes(2), new JsonObject { ["status"] = i % 12 == 0 ? "FAILED" : "COMPLETED", ["wsId"] = $"WS-{i}" }, agent.DeepClone().AsObject()));
                events.Add(TestEvents.Make($"c-{i}", "chain:created", $"CH-{i}", at, new JsonObject()));
            }
        }

        for (var i = 1; i <= 130; i++)
        {
            var metadata = new JsonObject { ["attempts"] = i is > 50 and <= 66 ? 2 : 1, ["finalVerdict"] = i % 30 == 0 ? "rebase_conflict" : "approved" };
            if (i > 66)
            {
                metadata["project"] = i % 2 == 0 ? "alpha" : "beta";
            }

            events.Add(TestEvents.Make($"m-{i}", "workitem:merged", $"wi-{i}", t0.AddHours(4).AddSeconds(i), metadata));
        }

        events.AddRange(late);
        return [.. events];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, SidecarProcess sidecar)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {Patience} for the crossings to be applied. Output:\n{sidecar.Output}");
            }

            await Task.Delay(100);
        }
    }
}
