using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// The built CLI run as a process against a real sidecar process and a real data directory: output, --json and exit
/// codes. Each test has its own sidecar so the windows hold exactly its merges.
/// </summary>
public sealed class CliTests
{
    [Fact]
    public async Task Import_SeedJsonl_ReportsAcceptedRejectedWithLineThenDuplicatesOnSecondRun()
    {
        using var directory = new TempDirectory("cli-import");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var file = directory.Combine("events.jsonl");

        // Seed 000's four example events, a blank line, and one without an eventType (line 6).
        await File.WriteAllLinesAsync(file,
        [
            """{"id":"a1b2c3","timestamp":"2025-12-07T10:00:00Z","eventType":"chain:created","entityType":"chain","entityId":"CHAIN-031","requestId":"CR-20251207-011","agent":{"model":"claude-3-5-sonnet","role":"control"}}""",
            """{"id":"d4e5f6","timestamp":"2025-12-07T10:05:00Z","eventType":"task:created","entityType":"task","entityId":"001-create-adr","chainId":"CHAIN-031"}""",
            """{"id":"g7h8i9","timestamp":"2025-12-07T10:10:00Z","eventType":"task:started","entityType":"task","entityId":"001-create-adr","chainId":"CHAIN-031","agent":{"model":"claude-3-5-sonnet","role":"impl"}}""",
            """{"id":"j0k1l2","timestamp":"2025-12-07T10:30:00Z","eventType":"task:completed","entityType":"task","entityId":"001-create-adr","chainId":"CHAIN-031","agent":{"model":"claude-3-5-sonnet","role":"impl"}}""",
            "",
            """{"id":"bad-1","timestamp":"2025-12-07T10:31:00Z","entityType":"task","entityId":"x"}""",
        ]);

        var first = await CliProcess.RunAsync("import", file, "--url", sidecar.BaseAddress.ToString(), "--batch-size", "2", "--json");

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Equal(5, first.Json.GetProperty("events").GetInt32());
        Assert.Equal(3, first.Json.GetProperty("batches").GetInt32());
        Assert.Equal(4, first.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(1, first.Json.GetProperty("rejected").GetInt32());
        var rejection = first.Json.GetProperty("rejections")[0];
        Assert.Equal(6, rejection.GetProperty("line").GetInt32());
        Assert.Equal("bad-1", rejection.GetProperty("id").GetString());
        Assert.Equal("eventType", rejection.GetProperty("field").GetString());

        // Only the valid lines again: all duplicates, exit code 0, in text.
        await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(file))[..4]);
        var second = await CliProcess.RunAsync("import", file, "--url", sidecar.BaseAddress.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.EndsWith(": 4 events in 1 batches: 0 accepted, 4 duplicates, 0 rejected", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(4, (await sidecar.ScrapeAsync()).Value("agentobs_events_received_total", "outcome", "accepted"));
    }

    [Fact]
    public async Task EmitThenMetrics_OneMerge_UndefinedWithNOf50InBothModes()
    {
        using var directory = new TempDirectory("cli-metrics");
        var data = directory.Combine("data");
        await using var sidecar = await SidecarProcess.StartAsync(data);
        var url = sidecar.BaseAddress.ToString();

        var emitted = await CliProcess.RunAsync(
            "emit", "--url", url, "--type", "workitem:merged", "--entity-id", "WI-1", "--id", "merge-1", "--timestamp", "2026-01-01T00:00:00Z",
            "--meta", "attempts=1", "--meta", "project=cli", "--meta", "finalVerdict=approved");
        Assert.True(emitted.ExitCode == 0, emitted.ToString());
        Assert.Equal("accepted merge-1", emitted.StandardOutput);

        var again = await CliProcess.RunAsync("emit", "--url", url, "--type", "workitem:merged", "--entity-id", "WI-1", "--id", "merge-1", "--meta", "attempts=1", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(1, again.Json.GetProperty("duplicates").GetInt32());

        var rejected = await CliProcess.RunAsync("emit", "--url", url, "--type", "workitem:merged", "--entity-id", "WI-2", "--meta", "attempts=0");
        Assert.True(rejected.ExitCode == 1, rejected.ToString());
        Assert.Contains("metadata.attempts", rejected.StandardOutput, StringComparison.Ordinal);

        var text = await CliProcess.RunAsync("metrics", "--url", url);
        Assert.True(text.ExitCode == 0, text.ToString());
        var lines = text.StandardOutput.Split('\n');
        Assert.Equal("first_pass_merge_rate = undefined (n=1/50)", lines[0]);
        Assert.Equal("rebase_conflict_rate = undefined (n=1/100)", lines[1]);
        Assert.Equal("p95_attempts_to_merge = undefined (n=1/100)", lines[2]);
        Assert.Contains("  first_pass_merge_rate = undefined (n=1/50, global fallback)", lines);

        var online = await CliProcess.RunAsync("metrics", "--url", url, "--json");
        Assert.Equal(1, online.Json.GetProperty("global").GetProperty("first_pass_merge_rate").GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, online.Json.GetProperty("global").GetProperty("first_pass_merge_rate").GetProperty("value").ValueKind);

        var offline = await CliProcess.RunAsync("metrics", "--data-dir", data, "--json");
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(online.Json.GetProperty("global").GetRawText(), offline.Json.GetProperty("global").GetRawText());
        Assert.Equal(online.Json.GetProperty("projects").GetRawText(), offline.Json.GetProperty("projects").GetRawText());
    }

    [Fact]
    public async Task Metrics_FullWindowPostedToSidecar_DataDirModeShowsRateAndTrustLost()
    {
        using var directory = new TempDirectory("cli-window");
        var data = directory.Combine("data");
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            // 34 first-pass merges then 16 second attempts: 34/50 = 0.68, trust lost at the 50th.
            var merges = Enumerable.Range(1, 50).Select(i => TestEvents.Make(
                $"m-{i}", "workitem:merged", $"wi-{i}", TestEvents.T0,
                new JsonObject { ["attempts"] = i <= 34 ? 1 : 2, ["project"] = "alpha" }));
            Assert.Equal(50, (await sidecar.PostNdjsonAsync([.. merges])).Json.GetProperty("accepted").GetInt32());
            Assert.Equal(0, await sidecar.StopAsync());
        }

        var result = await CliProcess.RunAsync("metrics", "--data-dir", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal("first_pass_merge_rate = 0.68 (n=50/50)", lines[0]);
        Assert.Equal("trust = lost, scope = normal", lines[3]);
        Assert.Contains("project alpha (50 merges)", lines);
        Assert.Contains("  first_pass_merge_rate = 0.68 (n=50/50)", lines);

        // The same snapshot as a table: one row per scope, every window's value and fill; alpha's own conflict and attempts
        // windows are half full, so the global values stand in for them (marked).
        var table = await CliProcess.RunAsync("metrics", "--data-dir", data, "--table");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(
            [
                "scope    merges  first_pass_merge_rate  rebase_conflict_rate  p95_attempts_to_merge  trust  scope_state",
                "_global  50      0.68 (50/50)           undefined (50/100)    undefined (50/100)     lost   normal",
                "alpha    50      0.68 (50/50)           undefined (50/100) *  undefined (50/100) *   lost   normal",
                "* the project's own window is not full yet: the global value stands in",
            ],
            table.StandardOutput.TrimEnd().Split('\n'));

        // The sidecar's settings file decides the windows offline too: the last 10 merges were all second attempts.
        var settings = directory.Combine("appsettings.json");
        await File.WriteAllTextAsync(settings, """{ "Urls": "http://0.0.0.0:9464", "Windows": { "FirstPassWindow": 10 } }""");
        var custom = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.True(custom.ExitCode == 0, custom.ToString());
        Assert.Equal("first_pass_merge_rate = 0 (n=10/10)", custom.StandardOutput.Split('\n')[0]);

        await File.WriteAllTextAsync(settings, """{ "Windows": { "TrustLostBelow": 0.9 } }""");
        var invalid = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains("Windows:TrustLostBelow", invalid.StandardError, StringComparison.Ordinal);

        // Read as the sidecar reads it (the configuration binder): a number written as a string, a comment.
        await File.WriteAllTextAsync(settings, """{ "Windows": { /* as an operator writes it */ "FirstPassWindow": "10" } }""");
        var asTheSidecarReadsIt = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.True(asTheSidecarReadsIt.ExitCode == 0, asTheSidecarReadsIt.ToString());
        Assert.Equal("first_pass_merge_rate = 0 (n=10/10)", asTheSidecarReadsIt.StandardOutput.Split('\n')[0]);

        await File.WriteAllTextAsync(settings, """{ "Windows": { "FirstPassWindow": "ten" } }""");
        var unbindable = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.True(unbindable.ExitCode == 2, unbindable.ToString());
        Assert.Contains("FirstPassWindow", unbindable.StandardError, StringComparison.Ordinal);

        await File.WriteAllTextAsync(settings, """{ "Windows": """);
        var notJson = await CliProcess.RunAsync("metrics", "--data-dir", data, "--settings", settings);
        Assert.True(notJson.ExitCode == 2, notJson.ToString());
        Assert.Contains("is not JSON", notJson.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HealthyThenCorruptTail_ExitCodes0Then1()
    {
        using var directory = new TempDirectory("cli-verify");
        var data = directory.Combine("data");
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            await sidecar.PostNdjsonAsync([.. Enumerable.Range(1, 3).Select(i => TestEvents.Make($"c-{i}", "chain:created", $"C-{i}", TestEvents.T0))]);
            Assert.Equal(0, await sidecar.StopAsync());
        }

        var healthy = await CliProcess.RunAsync("verify", "--data-dir", data, "--json");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.True(healthy.Json.GetProperty("healthy").GetBoolean());
        Assert.Equal(3, healthy.Json.GetProperty("records").GetInt64());

        EventLogFiles.Append(EventLogFiles.LastSegment(data), "0000002a deadbeef {\"torn\":"u8);
        var corrupt = await CliProcess.RunAsync("verify", "--data-dir", data);
        Assert.True(corrupt.ExitCode == 1, corrupt.ToString());
        Assert.Contains("1 problems", corrupt.StandardOutput, StringComparison.Ordinal);

        var missing = await CliProcess.RunAsync("verify", "--data-dir", directory.Combine("nowhere"));
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("does not exist", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummaryAndScoreboard_UrlAndDataDirModes_GiveTheSameHandComputedFigures()
    {
        using var directory = new TempDirectory("cli-analytics");
        var data = directory.Combine("data");
        await using var sidecar = await SidecarProcess.StartAsync(data);
        var url = sidecar.BaseAddress.ToString();
        var now = DateTimeOffset.UtcNow;

        // Tasks A (600 s) and B (1,800 s) completed, C only started: total 3, completed 2, mean 1,200, p50 = rank 1 = 600.
        // Runs: R1 started and completed, R2 started: 2 runs in the last 7 days.
        var post = await sidecar.PostEventsAsync(
            TestEvents.Make(TestEvents.NewId("c"), "task:started", "A", now.AddHours(-3)),
            TestEvents.Make(TestEvents.NewId("c"), "task:completed", "A", now.AddHours(-3).AddSeconds(600)),
            TestEvents.Make(TestEvents.NewId("c"), "task:started", "B", now.AddHours(-2)),
            TestEvents.Make(TestEvents.NewId("c"), "task:completed", "B", now.AddHours(-2).AddSeconds(1800)),
            TestEvents.Make(TestEvents.NewId("c"), "task:started", "C", now.AddHours(-1)),
            TestEvents.Make(TestEvents.NewId("c"), "ws:execution", "R1", now.AddHours(-5), new JsonObject { ["status"] = "STARTED", ["wsId"] = "WS-1" }),
            TestEvents.Make(TestEvents.NewId("c"), "ws:execution", "R1", now.AddHours(-4), new JsonObject { ["status"] = "COMPLETED", ["wsId"] = "WS-1" }),
            TestEvents.Make(TestEvents.NewId("c"), "ws:execution", "R2", now.AddHours(-1), new JsonObject { ["status"] = "STARTED", ["wsId"] = "WS-2" }));
        Assert.True(post.Status == System.Net.HttpStatusCode.OK, post.ToString());

        var online = await CliProcess.RunAsync("summary", "--url", url, "--json");
        var offline = await CliProcess.RunAsync("summary", "--data-dir", data, "--json");
        foreach (var result in new[] { online, offline })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            var tasks = result.Json.GetProperty("tasks");
            Assert.Equal(3, tasks.GetProperty("total").GetDouble());
            Assert.Equal(2, tasks.GetProperty("completed").GetDouble());
            Assert.Equal(1200, tasks.GetProperty("avg_cycle_time_seconds").GetDouble());
            Assert.Equal(600, tasks.GetProperty("p50_cycle_time_seconds").GetDouble());
        }

        var boardOnline = await CliProcess.RunAsync("scoreboard", "--window", "7d", "--url", url, "--json");
        var boardOffline = await CliProcess.RunAsync("scoreboard", "--window", "7d", "--data-dir", data, "--json");
        Assert.True(boardOnline.ExitCode == 0, boardOnline.ToString());
        Assert.True(boardOffline.ExitCode == 0, boardOffline.ToString());
        Assert.Equal(2, boardOnline.Json.GetProperty("runs").GetInt32());
        Assert.Equal(Figures(boardOnline.Json), Figures(boardOffline.Json));

        var text = await CliProcess.RunAsync("summary", "--data-dir", data);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith("tasks     3      2     0         20.0 min   10.0 min", text.StandardOutput.Split('\n')[3], StringComparison.Ordinal);

        var missing = await CliProcess.RunAsync("summary", "--data-dir", directory.Combine("nowhere"));
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("does not exist", missing.StandardError, StringComparison.Ordinal);

        // Writes need the sidecar: a data directory is refused with the usage exit code, nothing sent anywhere.
        var emit = await CliProcess.RunAsync("emit", "--type", "task:created", "--entity-id", "T9", "--data-dir", data);
        Assert.True(emit.ExitCode == 2, emit.ToString());
        Assert.Contains("--data-dir is read-only", emit.StandardError, StringComparison.Ordinal);
        var import = await CliProcess.RunAsync("import", directory.Combine("events.jsonl"), "--data-dir", data);
        Assert.True(import.ExitCode == 2, import.ToString());
    }

    [Fact]
    public async Task Metrics_NoSidecarListening_ExitCode1NamingTheUrl()
    {
        var url = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        var result = await CliProcess.RunAsync("metrics", "--url", url);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot reach the sidecar at {url}/", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'3d'", "scoreboard", "--window", "3d")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("--no-such-option", "metrics", "--no-such-option")]
    [InlineData("--lines", "tail", "--lines", "many")]
    [InlineData("--lines must be zero or more", "tail", "--lines", "-1")]
    [InlineData("Required command was not provided")]
    public async Task CommandLine_UsageError_ExitCode2NamingWhatIsWrong(string named, params string[] arguments)
    {
        // Nothing listens at the default URL during a parse error: the command line is refused before any request.
        var result = await CliProcess.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    // Every non-time member, flattened: the window's bounds depend on the moment each process computed it.
    private static List<string> Figures(JsonElement element, string path = "")
    {
        var figures = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    figures.AddRange(Figures(property.Value, $"{path}.{property.Name}"));
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    figures.AddRange(Figures(item, $"{path}[{i++}]"));
                }

                break;
            case JsonValueKind.String when element.TryGetDateTimeOffset(out _):
                break;
            default:
                figures.Add($"{path} = {element.GetRawText()}");
                break;
        }

        return figures;
    }
}
