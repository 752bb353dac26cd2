using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// The CLI's offline mode (<c>--data-dir</c>) runs the sidecar's projection host over the log read-only: on one history
/// (tasks, runs, merges that cross a threshold, a batch posted twice, events whose timestamps run backwards) it gives the
/// running sidecar's answers, JSON for JSON.
/// </summary>
public sealed class OfflineEquivalenceTests
{
    [Fact]
    public async Task SummaryScoreboardAndMetrics_DataDirAgainstRunningSidecar_SameJson()
    {
        using var directory = new TempDirectory("cli-offline-equivalence");
        var data = directory.Combine("data");
        await using var sidecar = await SidecarProcess.StartAsync(data);
        var url = sidecar.BaseAddress.ToString();
        var t0 = DateTimeOffset.UtcNow.AddHours(-5);

        var events = new List<JsonObject>();
        for (var i = 0; i < 20; i++)
        {
            var agent = TestEvents.Agent(i % 2 == 0 ? "claude-sonnet" : "gpt-4-turbo", "impl", 1000 + i, 200 + i);
            events.Add(TestEvents.Make($"s-{i}", "task:started", $"T-{i}", t0.AddMinutes(i), new JsonObject { ["taskType"] = "impl" }, agent));
            events.Add(TestEvents.Make($"r-{i}-s", "ws:execution", $"R-{i}", t0.AddMinutes(i), new JsonObject { ["status"] = "STARTED", ["wsId"] = $"WS-{i}" }, agent.DeepClone().AsObject()));
            events.Add(TestEvents.Make($"r-{i}-c", "ws:execution", $"R-{i}", t0.AddMinutes(i + 3), new JsonObject { ["status"] = i % 4 == 0 ? "FAILED" : "COMPLETED", ["wsId"] = $"WS-{i}" }, agent.DeepClone().AsObject()));
        }

        // The tasks' ends come after everything else but are timestamped before the merges: late events.
        for (var i = 1; i <= 66; i++)
        {
            events.Add(TestEvents.Make($"m-{i}", "workitem:merged", $"wi-{i}", t0.AddHours(2).AddSeconds(i), new JsonObject { ["attempts"] = i <= 50 ? 1 : 2, ["project"] = i % 2 == 0 ? "alpha" : "beta" }));
        }

        for (var i = 0; i < 20; i++)
        {
            events.Add(TestEvents.Make($"e-{i}", i % 5 == 0 ? "task:failed" : "task:completed", $"T-{i}", t0.AddMinutes(i + 10), new JsonObject { ["taskType"] = "impl", ["durationSeconds"] = 600 - i, ["failureType"] = "lint" }));
        }

        Assert.Equal(events.Count, (await sidecar.PostNdjsonAsync([.. events])).Json.GetProperty("accepted").GetInt32());
        Assert.Equal(20, (await sidecar.PostNdjsonAsync([.. events.Take(20)])).Json.GetProperty("duplicates").GetInt32());
        await sidecar.ScrapeUntilAsync(TimeSpan.FromSeconds(30), m => m.ValueOrZero("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost") >= 1);

        string[][] commands =
        [
            ["summary", "--json"],
            ["scoreboard", "--window", "7d", "--json"],
            ["scoreboard", "--window", "30d", "--json"],
            ["metrics", "--json"],
        ];
        foreach (var command in commands)
        {
            var online = await CliProcess.RunAsync([.. command, "--url", url]);
            var offline = await CliProcess.RunAsync([.. command, "--data-dir", data]);
            Assert.True(online.ExitCode == 0, online.ToString());
            Assert.True(offline.ExitCode == 0, offline.ToString());
            var expected = Normalized(online.StandardOutput);
            Assert.True(expected == Normalized(offline.StandardOutput), $"{string.Join(' ', command)}\nsidecar: {online.StandardOutput}\noffline: {offline.StandardOutput}");
        }

        var windows = JsonNode.Parse((await CliProcess.RunAsync("metrics", "--data-dir", data, "--json")).StandardOutput)!;
        Assert.True(windows["global"]!["trust_lost"]!.GetValue<bool>());
        Assert.True(windows["crossings"]!.GetValue<int>() >= 1);
    }

    // The moment the answer was made (and a window ending then) is not derived state.
    private static string Normalized(string json)
    {
        var node = JsonNode.Parse(json)!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).Where(k => k is "generated_at" or "computed_at" or "timestamp" or "from" or "to").ToList())
                    {
                        o.Remove(key);
                    }

                    foreach (var (_, child) in o)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }
}
