using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>The CLI's tables show the overflow row of an answer capped at <c>Analytics:MaxKeys</c>, online and offline.</summary>
public sealed class KeyCapCliTests
{
    [Fact]
    public async Task MetricsTable_ProjectsPastMaxKeys_ShowsTheOverflowRowOnlineAndOffline()
    {
        using var directory = new TempDirectory("cli-keycap");
        var data = directory.Combine("data");
        string online;
        await using (var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data) { Arguments = ["--Analytics:MaxKeys", "1"] }))
        {
            // alpha 3 merges, beta 2, gamma 1: alpha is kept, beta and gamma (3 merges) fold.
            var merges = new[] { ("alpha", 3), ("beta", 2), ("gamma", 1) }
                .SelectMany(p => Enumerable.Range(1, p.Item2).Select(i => TestEvents.Make(
                    $"{p.Item1}-{i}", "workitem:merged", $"wi-{p.Item1}-{i}", TestEvents.T0, new JsonObject { ["attempts"] = 1, ["project"] = p.Item1 })));
            Assert.Equal(6, (await sidecar.PostNdjsonAsync([.. merges])).Json.GetProperty("accepted").GetInt32());
            var table = await CliProcess.RunAsync("metrics", "--url", sidecar.BaseAddress.ToString(), "--table");
            Assert.True(table.ExitCode == 0, table.ToString());
            online = table.StandardOutput;

            // The summary's model table: m-a (two completed tasks) kept, m-b and m-c (one each) summed in the overflow row.
            var tasks = new[] { "m-a", "m-a", "m-b", "m-c" }.Select((model, i) => TestEvents.Make(
                $"task-{i}", "task:completed", $"task-{i}", TestEvents.T0, new JsonObject { ["durationSeconds"] = 60 }, TestEvents.Agent(model, "coder", 10, 1)));
            Assert.Equal(4, (await sidecar.PostNdjsonAsync([.. tasks])).Json.GetProperty("accepted").GetInt32());
            var summary = await CliProcess.RunAsync("summary", "--url", sidecar.BaseAddress.ToString());
            Assert.True(summary.ExitCode == 0, summary.ToString());
            // Cells compared with runs of spaces as one: the column widths are TableText's business.
            var rows = summary.StandardOutput.Split('\n').Select(r => string.Join(' ', r.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
            Assert.Contains("m-a 2 0.0% 60 s 20 2", rows);
            Assert.Contains("__overflow__ 2 0.0% 60 s 20 2", rows);
            Assert.Contains("__overflow__: 2 more models, summed, past Analytics:MaxKeys", rows);
            Assert.Equal(0, await sidecar.StopAsync());
        }

        Assert.Equal(
            [
                "scope         merges  first_pass_merge_rate  rebase_conflict_rate  p95_attempts_to_merge  trust  scope_state",
                "_global       6       undefined (6/50)       undefined (6/100)     undefined (6/100)      held   normal",
                "alpha         3       undefined (3/50) *     undefined (3/100) *   undefined (3/100) *    held   normal",
                "__overflow__  3       -                      -                     -                      -      -",
                "* the project's own window is not full yet: the global value stands in",
                "__overflow__: 2 more projects (3 merges) not listed, past Analytics:MaxKeys",
            ],
            online.TrimEnd().Split('\n'));

        // Offline, the sidecar's settings file sets the same cap.
        var settings = directory.Combine("appsettings.json");
        await File.WriteAllTextAsync(settings, """{ "Analytics": { "MaxKeys": 1 } }""");
        var offline = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings, "--table");
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(online, offline.StandardOutput);

        var lines = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.Contains("__overflow__: 2 more projects (3 merges) not listed, past Analytics:MaxKeys", lines.StandardOutput.Split('\n'));

        await File.WriteAllTextAsync(settings, """{ "Analytics": { "MaxKeys": 0 } }""");
        var invalid = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains("Analytics:MaxKeys", invalid.StandardError, StringComparison.Ordinal);
    }
}
