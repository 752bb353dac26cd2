using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// <c>/health</c>, <c>/readiness</c>, <c>/version</c> and <c>build_info</c>, <c>/metrics</c> negotiation, and the
/// process-level behaviour around them: invalid configuration stops the start, an unopenable log does not crash-loop,
/// SIGTERM exits cleanly.
/// </summary>
public sealed partial class ProbeTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    private static readonly string[] ReadinessChecks = ["replay", "event_log_writable", "disk", "shutdown"];

    public static TheoryData<string[], string> InvalidConfigurations => new()
    {
        { ["--Sidecar:Namespace", "bad-ns"], "Sidecar:Namespace" },
        { ["--Sidecar:MaxRequestBodyBytes", "10"], "Sidecar:MaxRequestBodyBytes" },
        { ["--Sidecar:MinFreeDiskBytes", "-1"], "Sidecar:MinFreeDiskBytes" },
        { ["--Sidecar:MaxItemsPerRequest", "0"], "Sidecar:MaxItemsPerRequest" },
        { ["--Sidecar:SegmentMaxBytes", "100"], "Sidecar:SegmentMaxBytes" },
        { ["--Sidecar:PreallocationBytes", "100"], "Sidecar:PreallocationBytes" },
        { ["--Sidecar:MappingFiles:0", "/nonexistent/mapping.yaml"], "Sidecar:MappingFiles" },
        { ["--Sidecar:Retention:MaxBytes", "0"], "Sidecar:Retention:MaxBytes" },
    };

    [Fact]
    public async Task Health_FreshSidecar_ReportsTheSeed001ShapeWithEveryMetricKey()
    {
        using var directory = new TempDirectory("health");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));

        var health = await sidecar.GetAsync("/health");

        Assert.True(health.Status == HttpStatusCode.OK, health.ToString());
        Assert.Equal("application/json", health.ContentType);
        var json = health.Json;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var metrics = json.GetProperty("metrics");
        Assert.Equal(0, metrics.GetProperty("tasks_completed_24h").GetInt64());

        // Seed 001's /health always has all three keys; with no tasks yet the rate and the average are null.
        Assert.True(metrics.TryGetProperty("success_rate_24h", out var rate), $"metrics.success_rate_24h is missing: {health.Body}");
        Assert.Equal(JsonValueKind.Null, rate.ValueKind);
        Assert.True(metrics.TryGetProperty("avg_task_duration_24h", out var average), $"metrics.avg_task_duration_24h is missing: {health.Body}");
        Assert.Equal(JsonValueKind.Null, average.ValueKind);
    }

    [Fact]
    public async Task Health_FreshSidecar_ListsItsOwnServicesEachWithItsState()
    {
        using var directory = new TempDirectory("health-services");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));

        // The analytics loop reports on its first tick after replay (every 250 ms).
        var health = await PollAsync(sidecar, "/health", r => State(r, "analytics") == "up");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        var services = health.Json.GetProperty("services");
        Assert.Equal(["analytics", "event_log", "webhooks"], services.EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal("up", State(health, "event_log"));
        Assert.Equal("disabled", State(health, "webhooks"));
        Assert.All(services.EnumerateObject(), s => Assert.Equal(JsonValueKind.Null, s.Value.GetProperty("detail").ValueKind));
    }

    [Fact]
    public async Task Health_WebhookReceiverDown_ReportsWebhooksDegradedAndStaysLive()
    {
        using var directory = new TempDirectory("health-webhooks");
        var deadPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Webhooks:Urls:0", $"http://127.0.0.1:{deadPort}/crossings", "--Webhooks:BaseDelaySeconds", "0.2", "--Windows:FirstPassWindow", "10"],
        });
        Assert.Equal("up", State(await sidecar.GetAsync("/health"), "webhooks"));

        // Ten merges on the third attempt fill the first-pass window at 0%: trust is lost, and its POST finds nobody.
        var merges = Enumerable.Range(0, 10).Select(i => TestEvents.Make(
            TestEvents.NewId("merge"), "workitem:merged", $"WI-{TestEvents.Unique()}", TestEvents.T0.AddMinutes(i), new JsonObject { ["attempts"] = 3, ["project"] = "p" })).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await sidecar.PostEventsAsync(merges)).Status);

        var health = await PollAsync(sidecar, "/health", r => State(r, "webhooks") == "degraded");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("healthy", health.Json.GetProperty("status").GetString());
        var detail = health.Json.GetProperty("services").GetProperty("webhooks").GetProperty("detail").GetString()!;
        Assert.Contains($"127.0.0.1:{deadPort}", detail, StringComparison.Ordinal);
        Assert.Contains("failed", detail, StringComparison.Ordinal);
        Assert.Equal("up", State(health, "event_log"));
    }

    [Fact]
    public async Task Health_AfterTaskOutcomes_ReportsThe24HourSummary()
    {
        var sidecar = fixture.Sidecar;
        var now = DateTimeOffset.UtcNow;
        var u = TestEvents.Unique();
        var response = await sidecar.PostEventsAsync(
            TestEvents.Make(TestEvents.NewId("h"), "task:completed", $"t-{u}-1", now.AddMinutes(-10), new JsonObject { ["agentType"] = "impl", ["durationSeconds"] = 100 }),
            TestEvents.Make(TestEvents.NewId("h"), "task:failed", $"t-{u}-2", now.AddMinutes(-5), new JsonObject { ["agentType"] = "impl", ["failureType"] = "timeout", ["durationSeconds"] = 300 }),
            TestEvents.Make(TestEvents.NewId("h"), "task:completed", $"t-{u}-3", now.AddDays(-2), new JsonObject { ["agentType"] = "impl", ["durationSeconds"] = 5000 }));
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());

        var health = await sidecar.GetAsync("/health");

        Assert.True(health.Status == HttpStatusCode.OK, health.ToString());
        var json = health.Json;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var timestamp = DateTimeOffset.Parse(json.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, now.AddMinutes(-1), now.AddMinutes(1));
        Assert.InRange(json.GetProperty("uptime").GetDouble(), 0, 3600);
        Assert.Equal((await sidecar.GetAsync("/version")).Json.GetProperty("version").GetString(), json.GetProperty("version").GetString());
        var metrics = json.GetProperty("metrics");
        Assert.Equal(1, metrics.GetProperty("tasks_completed_24h").GetInt64());
        Assert.Equal(0.5, metrics.GetProperty("success_rate_24h").GetDouble(), 9);
        Assert.Equal(200, metrics.GetProperty("avg_task_duration_24h").GetDouble(), 9);
    }

    [Fact]
    public async Task Readiness_Ready_Answers200WithEveryCheckOk()
    {
        var readiness = await fixture.Sidecar.GetAsync("/readiness");

        Assert.True(readiness.Status == HttpStatusCode.OK, readiness.ToString());
        Assert.Equal("application/json", readiness.ContentType);
        Assert.True(readiness.Json.GetProperty("ready").GetBoolean());
        Assert.Equal(0, readiness.Json.GetProperty("failing").GetArrayLength());
        var checks = readiness.Json.GetProperty("checks");
        Assert.Equal(ReadinessChecks.Order(StringComparer.Ordinal), checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("ok", c.Value.GetString()));
    }

    [Fact]
    public async Task Readiness_FreeDiskBelowTheFloor_Answers503NamingDisk()
    {
        using var directory = new TempDirectory("disk");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Sidecar:MinFreeDiskBytes", long.MaxValue.ToString(CultureInfo.InvariantCulture)],
            WaitUntilReady = false,
        });
        await WaitForReplayAsync(sidecar);

        var readiness = await sidecar.GetAsync("/readiness");

        Assert.True(readiness.Status == HttpStatusCode.ServiceUnavailable, readiness.ToString());
        Assert.False(readiness.Json.GetProperty("ready").GetBoolean());
        Assert.Equal(["disk"], readiness.Json.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        var disk = readiness.Json.GetProperty("checks").GetProperty("disk").GetString()!;
        Assert.StartsWith("low", disk, StringComparison.Ordinal);
        Assert.Contains("Sidecar:MinFreeDiskBytes", disk, StringComparison.Ordinal);

        // Liveness is unaffected, and start-up is done: the disk is readiness' business, not a reason to restart.
        Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/health")).Status);
        var startup = await sidecar.GetAsync("/startup");
        Assert.True(startup.Status == HttpStatusCode.OK, startup.ToString());
        Assert.True(startup.Json.GetProperty("started").GetBoolean());
        Assert.Equal("ok", startup.Json.GetProperty("replay").GetString());
    }

    [Fact]
    public async Task Startup_LowDiskAtStart_Answers503WhileReplayingThen200_WhileReadinessStays503()
    {
        // The replay is held open through the sidecar's test seam until the first requests are made, so they never race
        // its speed; the disk floor above any disk, as a nearly full volume at start.
        const int Records = 10_000;
        using var directory = new TempDirectory("startup");
        var data = directory.Combine("data");
        var release = directory.Combine("release-replay");
        using (var file = new FileStream(
            Path.Combine(Directory.CreateDirectory(EventLogFiles.EventsDirectory(data)).FullName, "00000000000000000000.log"),
            FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            for (var i = 0; i < Records; i++)
            {
                file.Write(EventLogFiles.Frame(string.Create(CultureInfo.InvariantCulture, $$"""{"id":"s-{{i}}","timestamp":"2025-12-07T10:00:00Z","eventType":"chain:created","entityId":"c-{{i}}"}""")));
            }
        }

        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data)
        {
            Arguments = ["--Sidecar:MinFreeDiskBytes", long.MaxValue.ToString(CultureInfo.InvariantCulture)],
            WaitUntilReady = false,
            Environment = new Dictionary<string, string?> { ["AGENTOBS_TEST_HOLD_REPLAY_UNTIL"] = release },
        });
        var during = await sidecar.GetAsync("/startup");
        var healthDuring = await sidecar.GetAsync("/health");
        await File.WriteAllTextAsync(release, string.Empty);

        Assert.True(during.Status == HttpStatusCode.ServiceUnavailable, $"the replay is held open, yet /startup said {during}");
        Assert.False(during.Json.GetProperty("started").GetBoolean());
        Assert.Equal("in progress", during.Json.GetProperty("replay").GetString());
        Assert.Equal(HttpStatusCode.OK, healthDuring.Status);
        Assert.Equal("replaying", State(healthDuring, "event_log"));
        Assert.Equal("replaying", State(healthDuring, "analytics"));

        var after = await PollAsync(sidecar, "/startup", r => r.Status == HttpStatusCode.OK);
        var readiness = await sidecar.GetAsync("/readiness");
        Assert.True(after.Json.GetProperty("started").GetBoolean());
        Assert.Equal("ok", after.Json.GetProperty("replay").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.Status);
        Assert.Equal(["disk"], readiness.Json.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(Records, (await sidecar.ScrapeAsync()).Value("agentobs_chains_created_total"));
    }

    [Fact]
    public async Task EventLog_CannotBeOpened_StaysUpNotReadyAndAnswers503()
    {
        using var directory = new TempDirectory("unopenable");
        var data = directory.Combine("data");
        Directory.CreateDirectory(data);

        // The log wants <data>/events to be a directory; a file there makes opening fail.
        await File.WriteAllTextAsync(Path.Combine(data, "events"), "not a directory");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data) { WaitUntilReady = false });

        var readiness = await PollAsync(sidecar, "/readiness", r => r.Json.GetProperty("checks").GetProperty("replay").GetString()!.StartsWith("failed", StringComparison.Ordinal));
        var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("u"), "chain:created", "C", TestEvents.T0));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.Status);
        Assert.Contains("replay", readiness.Json.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.True(post.Status == HttpStatusCode.ServiceUnavailable, post.ToString());
        Assert.Equal("application/problem+json", post.ContentType);
        Assert.Equal("1", post.Headers.RetryAfter?.ToString());
        Assert.Contains("could not be opened", post.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var health = await sidecar.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("failed", State(health, "event_log"));
        Assert.Equal("failed", State(health, "analytics"));

        // Start-up is over (it failed): a startup probe must not restart the pod in a loop over it; readiness names it.
        var startup = await sidecar.GetAsync("/startup");
        Assert.True(startup.Status == HttpStatusCode.OK, startup.ToString());
        Assert.StartsWith("failed", startup.Json.GetProperty("replay").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/metrics")).Status);
        Assert.False(sidecar.Child.HasExited);
    }

    [Fact]
    public async Task EventLog_CannotBeOpened_503AnswersNameTheFileWithoutItsAbsolutePath()
    {
        using var directory = new TempDirectory("unopenable-paths");
        var data = directory.Combine("data");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "events"), "not a directory");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data) { WaitUntilReady = false });

        var readiness = await PollAsync(sidecar, "/readiness", r => r.Json.GetProperty("checks").GetProperty("replay").GetString()!.StartsWith("failed", StringComparison.Ordinal));
        var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("u"), "chain:created", "C", TestEvents.T0));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.Status);
        foreach (var answer in (SidecarResponse[])[readiness, post])
        {
            Assert.DoesNotContain(directory.Path, answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("/tmp", answer.Body, StringComparison.Ordinal);
        }

        // The file is named relative to the data directory.
        Assert.Equal("failed: IOException: The file '{data}/events' already exists.", readiness.Json.GetProperty("checks").GetProperty("replay").GetString());
        Assert.Equal("The event log could not be opened: IOException: The file '{data}/events' already exists.", post.Json.GetProperty("detail").GetString());

        // The operator's log keeps the full path.
        await sidecar.AssertOutputContainsAsync(Path.Combine(Path.GetFullPath(data), "events"));
    }

    [Fact]
    public async Task Version_ComparedWithBuildInfo_AgreesOnVersionAndCommit()
    {
        var sidecar = fixture.Sidecar;

        var version = await sidecar.GetAsync("/version");
        var metrics = await sidecar.ScrapeAsync();

        Assert.True(version.Status == HttpStatusCode.OK, version.ToString());
        Assert.Equal("application/json", version.ContentType);
        var v = version.Json.GetProperty("version").GetString()!;
        var commit = version.Json.GetProperty("commit").GetString()!;
        var buildTime = version.Json.GetProperty("build_time").GetString()!;
        Assert.Matches(SemVer(), v);
        Assert.DoesNotContain("+", v, StringComparison.Ordinal);
        Assert.Matches(CommitPattern(), commit);
        Assert.True(
            DateTimeOffset.TryParseExact(buildTime, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var built),
            $"build_time '{buildTime}' is not yyyy-MM-ddTHH:mm:ssZ");
        Assert.True(built <= DateTimeOffset.UtcNow.AddMinutes(1));
        var buildInfo = Assert.Single(metrics.SamplesOf("agentobs_build_info"));
        Assert.Equal(1, buildInfo.Value);
        Assert.Equal([KeyValuePair.Create("version", v), KeyValuePair.Create("revision", commit)], buildInfo.Labels);
        Assert.Equal("gauge", metrics.Families["agentobs_build_info"].Type);
    }

    [Fact]
    public async Task Metrics_AcceptAndAcceptEncoding_SelectTextOpenMetricsOrGzip()
    {
        var sidecar = fixture.Sidecar;

        var plain = await sidecar.GetAsync("/metrics");
        var openMetrics = await sidecar.GetAsync("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var gzipped = await sidecar.Http.SendAsync(request);

        Assert.Equal("text/plain", plain.ContentType);
        Assert.Contains("version=0.0.4", plain.ContentHeaders.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/openmetrics-text", openMetrics.ContentType);
        Assert.EndsWith("# EOF\n", openMetrics.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, gzipped.StatusCode);
        Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);
        await using var unzip = new GZipStream(await gzipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(unzip);
        var text = await reader.ReadToEndAsync();
        var parsed = MetricsSnapshot.Parse(text);
        Assert.Contains("agentobs_task_total", parsed.Families.Keys);
    }

    [Theory]
    [MemberData(nameof(InvalidConfigurations))]
    public async Task Start_InvalidConfiguration_ExitsNonZeroNamingTheSetting(string[] arguments, string setting)
    {
        using var directory = new TempDirectory("config");

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = arguments }, TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 1, $"exit code {exitCode} with {string.Join(' ', arguments)}. Output:\n{output}");
        Assert.Contains(setting, output, StringComparison.Ordinal);
        Assert.Contains("The sidecar did not start: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at Microsoft.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortInUse_ExitsOneNamingTheAddressWithoutAStackTrace()
    {
        using var directory = new TempDirectory("port-in-use");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var url = $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--urls", url] }, TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 1, $"exit code {exitCode}. Output:\n{output}");
        Assert.Contains($"The sidecar did not start: Failed to bind to address {url}: address already in use.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidNamespaceFromTheEnvironment_ExitsNonZeroNamingTheSetting()
    {
        using var directory = new TempDirectory("config");

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Environment = new Dictionary<string, string?> { ["Sidecar__Namespace"] = "9lives" } },
            TimeSpan.FromSeconds(30));

        Assert.True(exitCode != 0, $"exit code 0. Output:\n{output}");
        Assert.Contains("Sidecar:Namespace", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_Sigterm_TurnsNotReadyDrainsAndExitsZero()
    {
        using var directory = new TempDirectory("sigterm");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        Assert.Equal(HttpStatusCode.OK, (await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("s"), "chain:created", "C", TestEvents.T0))).Status);

        var exitCode = await sidecar.StopAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{sidecar.Output}");
        var output = sidecar.Output;
        var shuttingDown = output.IndexOf("Shutting down: readiness is false", StringComparison.Ordinal);
        var closed = output.IndexOf("Event log closed and flushed", StringComparison.Ordinal);
        Assert.True(shuttingDown >= 0 && closed > shuttingDown, $"expected the shutdown then the flush in the log:\n{output}");
    }

    [Fact]
    public async Task Start_FromAnotherWorkingDirectory_AppliesTheShippedAppSettings()
    {
        // appsettings.json (next to the dll) turns Microsoft.AspNetCore's per-request logs down to Warning; an operator
        // starting "dotnet /opt/sidecar/Observability.Sidecar.dll" from elsewhere must get the same behaviour.
        using var directory = new TempDirectory("cwd");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            WorkingDirectory = directory.Path,
            QuietRequestLogs = false,
        });
        Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/version")).Status);

        Assert.Equal(0, await sidecar.StopAsync());
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", sidecar.Output, StringComparison.Ordinal);
    }

    private static string? State(SidecarResponse health, string service) =>
        health.Json.GetProperty("services").GetProperty(service).GetProperty("state").GetString();

    private static async Task WaitForReplayAsync(SidecarProcess sidecar) =>
        await PollAsync(sidecar, "/readiness", r => r.Json.GetProperty("checks").GetProperty("replay").GetString() == "ok");

    private static async Task<SidecarResponse> PollAsync(SidecarProcess sidecar, string path, Func<SidecarResponse, bool> done)
    {
        var deadline = DateTime.UtcNow + SidecarProcess.ReadyTimeout;
        SidecarResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await sidecar.GetAsync(path);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"{path} never answered as expected; last: {last}. Output:\n{sidecar.Output}");
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^([0-9a-f]{7,40}|unknown)$")]
    private static partial Regex CommitPattern();
}
