using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>agentobs compact</c>, <c>restore-archive</c> and <c>verify</c> on a real sidecar's data directory: after compacting,
/// and after every restart, every analytics endpoint and every derived /metrics series answers as before; duplicates of
/// archived ids are refused; archives are gzip JSONL; a damaged archive is named and changes nothing; a compaction killed
/// at any step leaves a directory that starts with the same answers and compacts to the end when run again.
/// </summary>
public sealed class CompactTests
{
    internal static readonly string[] Endpoints =
    [
        "/api/v1/summary", "/api/v1/metrics/scoreboard?window=7d", "/api/v1/metrics/scoreboard?window=30d", "/api/v1/windows",
        "/api/v1/metrics/ws-executions", "/api/v1/metrics/cost-summary", "/api/v1/metrics/dashboard", "/api/v1/experiments", "/api/v1/goals",
    ];

    // The sidecar's own telemetry (the log's and the host's counters, the process, requests): not derived from the events.
    internal static readonly string[] SelfMetrics =
    [
        "process_", "dotnet_", "agentobs_dotnet_", "agentobs_process_", "http_", "agentobs_event_log_", "agentobs_events_replayed", "agentobs_state_snapshot", "agentobs_replay",
        "agentobs_projection", "agentobs_ingest", "agentobs_events_received", "agentobs_build_info", "agentobs_start_time", "agentobs_uptime", "agentobs_derived_reads",
        "agentobs_webhook", "agentobs_reaction", "agentobs_disk", "agentobs_log_", "agentobs_scrape", "agentobs_requests", "agentobs_request",
    ];

    [Fact]
    public async Task Compact_StoppedSidecarHistory_SameAnswersAfterCompactAndRestartsAndArchivedDuplicatesRefused()
    {
        using var directory = new TempDirectory("cli-compact");
        var data = directory.Combine("data");
        var (events, cutoff) = History();
        var before = await Answers(data, events);
        var offlineBefore = await CliProcess.RunAsync("summary", "--data-dir", data, "--json");

        var compacted = await CliProcess.RunAsync("compact", "--data-dir", data, "--before", TestEvents.Iso(cutoff), "--json");

        Assert.True(compacted.ExitCode == 0, compacted.ToString());
        var segments = compacted.Json.GetProperty("segments").GetInt32();
        var cut = compacted.Json.GetProperty("first_live_sequence").GetInt64();
        Assert.True(segments >= 2, compacted.ToString());
        Assert.Equal(cut, compacted.Json.GetProperty("records").GetInt64());
        Assert.True(File.Exists(Path.Combine(data, "base.snapshot")));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(data, "events"), "*.log"), f => Path.GetFileName(f) == "00000000000000000000.log");

        // zcat gives the JSONL: the first archived events, in order, byte for byte as posted.
        var first = Directory.GetFiles(Path.Combine(data, "archive"), "*.jsonl.gz").Order(StringComparer.Ordinal).First();
        var zcat = await Run("zcat", first);
        var lines = zcat.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(events.Take(lines.Length).Select(TestEvents.IdOf), lines.Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()));

        var verified = await CliProcess.RunAsync("verify", "--data-dir", data);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains($"the live log starts at sequence {cut}; {segments} archives", verified.StandardOutput, StringComparison.Ordinal);

        // Offline readers fold the archives before the live log.
        var offlineAfter = await CliProcess.RunAsync("summary", "--data-dir", data, "--json");
        Assert.Equal(DerivedAnswer.Of(offlineBefore.StandardOutput), DerivedAnswer.Of(offlineAfter.StandardOutput));

        // First start from the base snapshot alone (replaying the live log), then from the state snapshot a clean stop writes.
        File.Delete(Path.Combine(data, "state.snapshot"));
        Same(before, await Answers(data, []), "from the base snapshot");
        Same(before, await Answers(data, []), "from the state snapshot");

        await using var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096");
        var again = await sidecar.PostEventsAsync(events[0], events[(int)cut - 1]);
        Assert.True(again.Json.GetProperty("duplicates").GetInt32() == 2, again.ToString());
    }

    [Fact]
    public async Task AdminCompact_RunningSidecar_SameAnswersBeforeAfterAndAfterRestartArchivedDuplicatesRefusedCounted()
    {
        using var directory = new TempDirectory("cli-compact-online");
        var data = directory.Combine("data");
        var (events, cutoff) = History();
        var before = await Answers(data, events);

        await using (var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096"))
        {
            var future = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/compact?before=2999-01-01"));
            Assert.True(future.Status == System.Net.HttpStatusCode.BadRequest, future.ToString());
            Assert.Equal("before", future.Json.GetProperty("field").GetString());

            var compacted = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/compact?before={TestEvents.Iso(cutoff)}"));
            Assert.True(compacted.Status == System.Net.HttpStatusCode.OK, compacted.ToString());
            var cut = compacted.Json.GetProperty("first_live_sequence").GetInt64();
            Assert.True(compacted.Json.GetProperty("segments").GetInt32() >= 2, compacted.ToString());

            var again = await sidecar.PostEventsAsync(events[0], events[(int)cut - 1]);
            Assert.True(again.Json.GetProperty("duplicates").GetInt32() == 2, again.ToString());
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(1, metrics.Value("agentobs_compactions_total", "trigger", "admin", "outcome", "archived"));
            Assert.Equal(cut, metrics.Value("agentobs_compacted_records_total"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        Assert.Equal(0, (await CliProcess.RunAsync("verify", "--data-dir", data)).ExitCode);
        Same(before, await Answers(data, []), "after an online compaction and a restart");
        File.Delete(Path.Combine(data, "state.snapshot"));
        Same(before, await Answers(data, []), "from the online compaction's base snapshot");
    }

    [Fact]
    public async Task Retention_MaxAge_CompactsOnItsOwnCountedAndSameAnswers()
    {
        using var directory = new TempDirectory("cli-compact-retention");
        var data = directory.Combine("data");
        var (events, _) = History();
        var before = await Answers(data, events);

        // The history starts 5 hours ago and its merges are 3 hours old: a 4-hour age archives the oldest segments.
        await using (var sidecar = await SidecarProcess.StartAsync(
            data, "--Sidecar:SegmentMaxBytes=4096", "--Sidecar:Retention:MaxAge=04:00:00", "--Sidecar:Retention:IntervalSeconds=1"))
        {
            var metrics = await sidecar.ScrapeUntilAsync(
                TimeSpan.FromSeconds(30), m => m.ValueOrZero("agentobs_compactions_total", "trigger", "retention", "outcome", "archived") >= 1);
            Assert.True(metrics.ValueOrZero("agentobs_compacted_records_total") > 0);
            await sidecar.AssertOutputContainsAsync("Compaction (retention)");
            Assert.Equal(0, await sidecar.StopAsync());
        }

        Assert.True(File.Exists(Path.Combine(data, "events", "log-start")));
        Assert.Equal(0, (await CliProcess.RunAsync("verify", "--data-dir", data)).ExitCode);
        Same(before, await Answers(data, []), "after retention compacted");
    }

    [Fact]
    public async Task Retention_MaxBytes_ArchivesOldestSegmentsUntilUnderOnceCountedLoggedAndSameAnswers()
    {
        using var directory = new TempDirectory("cli-compact-retention-size");
        var data = directory.Combine("data");
        var (events, _) = History();
        var before = await Answers(data, events);
        const long MaxBytes = 12_000;
        var segments = Segments(data);
        Assert.True(segments.Sum(s => s.Length) > MaxBytes + 4096, $"{segments.Sum(s => s.Length)} bytes in {segments.Count} segments");

        await using (var sidecar = await SidecarProcess.StartAsync(
            data, "--Sidecar:SegmentMaxBytes=4096", $"--Sidecar:Retention:MaxBytes={MaxBytes}", "--Sidecar:Retention:IntervalSeconds=1"))
        {
            var metrics = await sidecar.ScrapeUntilAsync(
                TimeSpan.FromSeconds(30), m => m.ValueOrZero("agentobs_compactions_total", "trigger", "retention", "outcome", "archived") >= 1);
            Assert.True(metrics.ValueOrZero("agentobs_compacted_records_total") > 0);
            await sidecar.AssertOutputContainsAsync("Compaction (retention) by size");

            // Under the limit in one round, the segment the writer appends to kept; later rounds find nothing to do.
            var live = Segments(data);
            Assert.True(live.Sum(s => s.Length) <= MaxBytes, $"{live.Sum(s => s.Length)} bytes in {live.Count} segments");
            Assert.Equal(segments[^1].Name, live[^1].Name);
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var later = await sidecar.ScrapeAsync();
            Assert.Equal(1, later.Value("agentobs_compactions_total", "trigger", "retention", "outcome", "archived"));
            Assert.Equal(0, later.ValueOrZero("agentobs_compactions_total", "trigger", "retention", "outcome", "nothing"));
            Assert.Equal(0, later.ValueOrZero("agentobs_compactions_total", "trigger", "retention", "outcome", "failed"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        Assert.Equal(0, (await CliProcess.RunAsync("verify", "--data-dir", data)).ExitCode);
        Same(before, await Answers(data, []), "after retention by size compacted");
    }

    [Fact]
    public async Task Start_BaseSnapshotUnderOtherSettings_NotReadyNamingRestoreArchiveThenRestoredAndRefreshedServes()
    {
        using var directory = new TempDirectory("cli-compact-misfit");
        var data = directory.Combine("data");
        var (events, cutoff) = History();
        await Answers(data, events);
        Assert.Equal(0, (await CliProcess.RunAsync("compact", "--data-dir", data, "--before", TestEvents.Iso(cutoff))).ExitCode);

        // Another merge-window size: the base snapshot's windows were derived under the old one.
        string[] other = ["--Sidecar:SegmentMaxBytes=4096", "--Windows:FirstPassWindow=60"];
        await using (var misfit = await SidecarProcess.StartAsync(new SidecarStart(data) { Arguments = other, WaitUntilReady = false }))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            SidecarResponse readiness;
            do
            {
                await Task.Delay(200);
                readiness = await misfit.GetAsync("/readiness");
            }
            while (!readiness.Body.Contains("restore-archive", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

            Assert.True(readiness.Status == System.Net.HttpStatusCode.ServiceUnavailable, readiness.ToString());
            Assert.Contains("agentobs restore-archive", readiness.Body, StringComparison.Ordinal);
            Assert.Contains("base snapshot", readiness.Body, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await CliProcess.RunAsync("restore-archive", "--data-dir", data)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync("refresh", "--data-dir", data)).ExitCode);
        await using var served = await SidecarProcess.StartAsync(data, other);
        var metrics = await served.ScrapeAsync();
        Assert.Equal(events.Count + 1, metrics.Value("agentobs_events_replayed_total"));
    }

    [Fact]
    public async Task CompactAndRestoreArchive_BadInput_ClearMessageNonZeroExitNothingChanged()
    {
        using var directory = new TempDirectory("cli-compact-bad");
        var data = directory.Combine("data");
        var (events, cutoff) = History();
        var before = await Answers(data, events);
        var untouched = Listing(data);

        var future = await CliProcess.RunAsync("compact", "--data-dir", data, "--before", "2999-01-01");
        Assert.Equal(2, future.ExitCode);
        Assert.Contains("--before 2999-01-01T00:00:00Z is in the future", future.StandardError, StringComparison.Ordinal);
        Assert.Equal(untouched, Listing(data));

        await using (var running = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096"))
        {
            var refused = await CliProcess.RunAsync("compact", "--data-dir", data, "--before", TestEvents.Iso(cutoff));
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("is in use by a running sidecar", refused.StandardError, StringComparison.Ordinal);
        }

        untouched = Listing(data);
        Assert.Equal(0, (await CliProcess.RunAsync("compact", "--data-dir", data, "--before", TestEvents.Iso(cutoff))).ExitCode);

        // One byte of one archive changed: verify and restore-archive name it; restore changes nothing.
        var archive = Directory.GetFiles(Path.Combine(data, "archive"), "*.jsonl.gz").Order(StringComparer.Ordinal).Last();
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(archive, bytes);
        var compactedListing = Listing(data);

        var verify = await CliProcess.RunAsync("verify", "--data-dir", data);
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains($"{archive}: its SHA-256 does not match", verify.StandardOutput, StringComparison.Ordinal);
        var restore = await CliProcess.RunAsync("restore-archive", "--data-dir", data);
        Assert.True(restore.ExitCode == 1, restore.ToString());
        Assert.Contains($"{archive}: its SHA-256 does not match", restore.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", restore.StandardError, StringComparison.Ordinal);
        Assert.Equal(compactedListing, Listing(data));

        // Mended, the archive comes back as segments and a full rebuild folds every event again.
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(archive, bytes);
        var restored = await CliProcess.RunAsync("restore-archive", "--data-dir", data);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Equal(untouched.Where(f => f.StartsWith("events", StringComparison.Ordinal)), Listing(data).Where(f => f.StartsWith("events", StringComparison.Ordinal)));
        Assert.Equal(0, (await CliProcess.RunAsync("verify", "--data-dir", data)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync("refresh", "--data-dir", data)).ExitCode);
        Same(before, await Answers(data, []), "after restore-archive and refresh");
    }

    [Fact]
    public async Task Compact_KilledAtEachStep_OldOrNewStateSameAnswersAndRerunFinishes()
    {
        using var directory = new TempDirectory("cli-compact-crash");
        var original = directory.Combine("original");
        var (events, cutoff) = History();
        var before = await Answers(original, events);
        string[] steps = ["archived", "manifest-written", "base-written", "log-start-moved", "segment-deleted"];
        foreach (var step in steps)
        {
            var data = directory.Combine(step);
            Copy(original, data);
            var killed = await CliProcess.RunAsync(
                new Dictionary<string, string?> { ["AGENTOBS_TEST_COMPACT_EXIT_AT"] = step }, "compact", "--data-dir", data, "--before", TestEvents.Iso(cutoff));
            Assert.True(killed.ExitCode == 86, $"{step}: {killed}");

            var verify = await CliProcess.RunAsync("verify", "--data-dir", data);
            Assert.True(verify.ExitCode == 0, $"{step}: {verify}");
            File.Delete(Path.Combine(data, "state.snapshot"));
            Same(before, await Answers(data, []), $"killed after {step}");

            var rerun = await CliProcess.RunAsync("compact", "--data-dir", data, "--before", TestEvents.Iso(cutoff));
            Assert.True(rerun.ExitCode == 0, $"{step}: {rerun}");
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(data, "events"), "*.log"), f => Path.GetFileName(f) == "00000000000000000000.log");
            Assert.Equal(0, (await CliProcess.RunAsync("verify", "--data-dir", data)).ExitCode);
            Same(before, await Answers(data, []), $"rerun after {step}");
        }
    }

    // Tasks, runs, merges that cross a threshold, and task ends posted last: with 4 KiB segments, the oldest segments hold
    // task starts whose ends stay in the live log.
    internal static (List<JsonObject> Events, DateTimeOffset Cutoff) History()
    {
        var t0 = DateTimeOffset.UtcNow.AddHours(-5);
        var events = new List<JsonObject>();
        for (var i = 0; i < 20; i++)
        {
            var agent = TestEvents.Agent(i % 2 == 0 ? "claude-sonnet" : "gpt-4-turbo", "impl", 1000 + i, 200 + i);
            events.Add(TestEvents.Make(TestEvents.NewId("s"), "task:started", $"T-{i}", t0.AddMinutes(i), new JsonObject { ["taskType"] = "impl" }, agent));
            events.Add(TestEvents.Make(TestEvents.NewId("r"), "ws:execution", $"R-{i}", t0.AddMinutes(i), new JsonObject { ["status"] = "STARTED", ["wsId"] = $"WS-{i}" }, agent.DeepClone().AsObject()));
            events.Add(TestEvents.Make(TestEvents.NewId("r"), "ws:execution", $"R-{i}", t0.AddMinutes(i + 3), new JsonObject { ["status"] = i % 4 == 0 ? "FAILED" : "COMPLETED", ["wsId"] = $"WS-{i}" }, agent.DeepClone().AsObject()));
        }

        for (var i = 1; i <= 66; i++)
        {
            events.Add(TestEvents.Make(TestEvents.NewId("m"), "workitem:merged", $"wi-{i}", t0.AddHours(2).AddSeconds(i), new JsonObject { ["attempts"] = i <= 50 ? 1 : 2, ["project"] = i % 2 == 0 ? "alpha" : "beta" }));
        }

        for (var i = 0; i < 20; i++)
        {
            events.Add(TestEvents.Make(TestEvents.NewId("e"), i % 5 == 0 ? "task:failed" : "task:completed", $"T-{i}", t0.AddMinutes(i + 10), new JsonObject { ["taskType"] = "impl", ["durationSeconds"] = 600 - i, ["failureType"] = "lint" }));
        }

        return (events, t0.AddHours(1));
    }

    // Starts a sidecar on the directory (posting the events, when given), reads every endpoint and the derived /metrics
    // series, and stops it cleanly.
    private static async Task<string> Answers(string data, List<JsonObject> events)
    {
        await using var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes=4096");
        if (events.Count > 0)
        {
            foreach (var chunk in events.Chunk(7))
            {
                var posted = await sidecar.PostNdjsonAsync([.. chunk]);
                Assert.True(posted.Json.GetProperty("accepted").GetInt32() == chunk.Length, posted.ToString());
            }

            await sidecar.ScrapeUntilAsync(TimeSpan.FromSeconds(30), m => m.ValueOrZero("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost") >= 1);
        }

        var answer = await Read(sidecar);
        Assert.Equal(0, await sidecar.StopAsync());
        return answer;
    }

    /// <summary>Every analytics endpoint's answer and every /metrics series not in <paramref name="self"/> (default <see cref="SelfMetrics"/>).</summary>
    internal static async Task<string> Read(SidecarProcess sidecar, IReadOnlyList<string>? self = null)
    {
        self ??= SelfMetrics;
        var answer = new StringBuilder();
        foreach (var endpoint in Endpoints)
        {
            var response = await sidecar.GetAsync(endpoint);
            Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"{endpoint}: {response}");
            answer.Append(endpoint).Append(' ').AppendLine(DerivedAnswer.Of(response.Body));
        }

        var metrics = await sidecar.ScrapeAsync();
        foreach (var sample in metrics.Samples.Where(s => !self.Any(s.Name.StartsWith)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            answer.Append(sample.Key).Append(' ').AppendLine(sample.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        return answer.ToString();
    }

    internal static void Same(string expected, string actual, string when)
    {
        var lines = expected.Split('\n').ToHashSet();
        var others = actual.Split('\n').ToHashSet();
        var differences = lines.Except(others).Select(l => "- " + l).Concat(others.Except(lines).Select(l => "+ " + l)).ToList();
        Assert.True(differences.Count == 0, $"{when}:\n{string.Join('\n', differences)}");
    }

    private static List<FileInfo> Segments(string data) =>
        [.. new DirectoryInfo(Path.Combine(data, "events")).GetFiles("*.log").OrderBy(f => f.Name, StringComparer.Ordinal)];

    private static List<string> Listing(string data) =>
        [.. Directory.GetFiles(data, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Select(f => $"{Path.GetRelativePath(data, f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")
            .Order(StringComparer.Ordinal)];

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<string> Run(string program, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(program, [argument]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
