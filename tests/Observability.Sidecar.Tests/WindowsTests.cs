using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The rolling merge windows contract's rolling windows over real HTTP: merges posted, <c>GET /api/v1/windows</c>, the gauges on <c>/metrics</c>,
/// threshold crossings stored once in the log (also across a restart), and webhooks. Each test has its own sidecar
/// and data directory, so the global windows hold exactly its merges.
/// </summary>
public sealed class WindowsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Merges_Posted_WindowsEndpointAndGaugesShowThemWithFallback()
    {
        using var directory = new TempDirectory("windows");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));

        // Before any merge: every family is there with HELP, and no value sample while undefined.
        var empty = await sidecar.ScrapeAsync();
        Assert.Equal(
            new FamilyInfo(
                "agentobs_first_pass_merge_rate", "gauge",
                "Share of the last merges done on the first attempt (the rolling merge windows contract), 0..1; the global value while the project's window is not full; no sample while undefined."),
            empty.Families["agentobs_first_pass_merge_rate"]);
        Assert.Empty(empty.SamplesOf("agentobs_first_pass_merge_rate"));
        Assert.Equal(50, empty.Value("agentobs_merge_window_size", "window", "first_pass_merge_rate"));
        Assert.Equal(0, empty.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
        Assert.NotNull(empty.Families["agentobs_webhook_deliveries_total"].Help);
        Assert.Empty(empty.SamplesOf("agentobs_webhook_deliveries_total"));

        // 50 first-pass merges of alpha, then 10 second-attempt merges of beta; then the first 5 again (duplicates).
        var merges = Enumerable.Range(1, 50).Select(i => Merge($"a-{i}", 1, "alpha"))
            .Concat(Enumerable.Range(1, 10).Select(i => Merge($"b-{i}", 2, "beta"))).ToArray();
        Assert.Equal(60, (await sidecar.PostNdjsonAsync(merges)).Json.GetProperty("accepted").GetInt32());
        Assert.Equal(5, (await sidecar.PostNdjsonAsync(merges[..5])).Json.GetProperty("duplicates").GetInt32());

        var windows = await sidecar.GetAsync("/api/v1/windows");
        Assert.True(windows.Status == HttpStatusCode.OK, windows.ToString());
        var global = windows.Json.GetProperty("global");
        AssertWindow(global.GetProperty("first_pass_merge_rate"), 0.8, 50, 50, "global");
        AssertWindow(global.GetProperty("rebase_conflict_rate"), null, 60, 100, "global");
        AssertWindow(global.GetProperty("p95_attempts_to_merge"), null, 60, 100, "global");
        Assert.Equal(60, windows.Json.GetProperty("merges").GetInt64());
        var projects = windows.Json.GetProperty("projects").EnumerateArray().ToDictionary(p => p.GetProperty("project").GetString()!);
        AssertWindow(projects["alpha"].GetProperty("first_pass_merge_rate"), 1.0, 50, 50, "project");
        AssertWindow(projects["beta"].GetProperty("first_pass_merge_rate"), 0.8, 10, 50, "global");
        Assert.False(projects["beta"].GetProperty("trust_lost").GetBoolean());
        var thresholds = windows.Json.GetProperty("thresholds");
        Assert.Equal(0.70, thresholds.GetProperty("trust_lost_below").GetDouble());
        Assert.Equal(0.85, thresholds.GetProperty("trust_regained_at").GetDouble());
        Assert.Equal("nearest-rank", thresholds.GetProperty("percentile").GetString());

        var metrics = await sidecar.ScrapeUntilAsync(Patience, m => m.Value("agentobs_first_pass_merge_rate", "project", "_global") is not null);
        Assert.Equal(0.8, metrics.Value("agentobs_first_pass_merge_rate", "project", "_global"));
        Assert.Equal(1.0, metrics.Value("agentobs_first_pass_merge_rate", "project", "alpha"));
        Assert.Equal(0.8, metrics.Value("agentobs_first_pass_merge_rate", "project", "beta"));
        Assert.Null(metrics.Value("agentobs_rebase_conflict_rate", "project", "_global"));
        Assert.Empty(metrics.SamplesOf("agentobs_attempts_to_merge_p95"));
        Assert.Equal(1, metrics.Value("agentobs_merge_window_fallback", "window", "first_pass_merge_rate", "project", "beta"));
        Assert.Equal(0, metrics.Value("agentobs_merge_window_fallback", "window", "first_pass_merge_rate", "project", "alpha"));
        Assert.Equal(10, metrics.Value("agentobs_merge_window_samples", "window", "first_pass_merge_rate", "project", "beta"));
        Assert.Equal(60, metrics.Value("agentobs_merge_window_samples", "window", "rebase_conflict_rate", "project", "_global"));
        Assert.Equal(100, metrics.Value("agentobs_merge_window_size", "window", "p95_attempts_to_merge"));
        Assert.Equal(0, metrics.Value("agentobs_trust_lost", "project", "_global"));
        Assert.Equal(0, metrics.Value("agentobs_scope_tightened", "project", "beta"));
    }

    [Fact]
    public async Task Crossing_TrustLost_StoredExactlyOnceEvenAfterRestart()
    {
        using var directory = new TempDirectory("windows-restart");
        var data = directory.Combine("data");
        var crossingId = "crossing:trust:_global:m-66";
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            // 50 first-pass merges, then 16 second attempts: merge 66 brings the rate to 34/50 = 0.68 < 0.70.
            var response = await sidecar.PostNdjsonAsync([.. Enumerable.Range(1, 66).Select(i => Merge($"m-{i}", i <= 50 ? 1 : 2))]);
            Assert.Equal(66, response.Json.GetProperty("accepted").GetInt32());

            await WaitUntilAsync(() => Task.FromResult(Crossings(data).Count == 1), "the crossing to be stored", sidecar);
            var stored = JsonNode.Parse(Crossings(data).Single())!;
            Assert.Equal(crossingId, stored["id"]!.GetValue<string>());
            Assert.Equal("trust", stored["metadata"]!["threshold"]!.GetValue<string>());
            Assert.Equal("lost", stored["metadata"]!["direction"]!.GetValue<string>());
            Assert.Equal("_global", stored["metadata"]!["project"]!.GetValue<string>());
            Assert.Equal(0.68, stored["metadata"]!["value"]!.GetValue<double>());
            Assert.Equal(50, stored["metadata"]!["n"]!.GetValue<int>());
            Assert.Equal("m-66", stored["metadata"]!["mergeEventId"]!.GetValue<string>());

            // The segment file shows the crossing once it is written, a moment before it is fsynced: only then is it
            // counted (applied from the log), so wait for the count as well as the gauge.
            var metrics = await sidecar.ScrapeUntilAsync(
                Patience,
                m => m.Value("agentobs_trust_lost", "project", "_global") == 1
                    && m.ValueOrZero("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost") >= 1);
            Assert.Equal(1, metrics.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
            Assert.Equal(0.68, metrics.Value("agentobs_first_pass_merge_rate", "project", "_global"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        // The restart restores the windows with the crossing no longer pending (its event is in the log): nothing is
        // appended again, not even to be refused as a duplicate, and the log still holds the crossing once.
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            var metrics = await sidecar.ScrapeUntilAsync(Patience, m => m.Value("agentobs_state_snapshot_records") > 0);
            Assert.Equal(0, metrics.Value("agentobs_events_received_total", "outcome", "duplicate"));
            Assert.Equal(1, metrics.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
            Assert.Equal(1, (await sidecar.ScrapeUntilAsync(Patience, m => m.Value("agentobs_trust_lost", "project", "_global") == 1)).Value("agentobs_trust_lost", "project", "_global"));
            Assert.Equal([crossingId], Crossings(data).Select(c => JsonNode.Parse(c)!["id"]!.GetValue<string>()));
            var windows = await sidecar.GetAsync("/api/v1/windows");
            Assert.True(windows.Json.GetProperty("global").GetProperty("trust_lost").GetBoolean());
            Assert.Equal(0, windows.Json.GetProperty("pending_crossings").GetInt32());
        }
    }

    [Fact]
    public async Task Crossing_WebhookAnswers500First_RetriedAndDeliveredOnce()
    {
        using var directory = new TempDirectory("windows-webhook");
        using var hook = new WebhookReceiver(firstStatuses: [HttpStatusCode.InternalServerError]);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Webhooks:Urls:0", hook.Url, "--Webhooks:BaseDelaySeconds", "0.05"],
        });

        var response = await sidecar.PostNdjsonAsync([.. Enumerable.Range(1, 50).Select(i => Merge($"w-{i}", 3, "hooked"))]);
        Assert.Equal(50, response.Json.GetProperty("accepted").GetInt32());

        // 50 third-attempt merges: the global rate is 0 at the 50th: trust lost, one crossing. (hooked's own window
        // fills on the same merge and starts from the global state, already lost: no second crossing.)
        var metrics = await sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered") >= 1);
        Assert.Equal(1, metrics.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered"));
        Assert.Equal(0, metrics.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "dead_lettered"));
        Assert.Equal(1, metrics.Value("agentobs_webhook_attempts_total", "receiver", "0", "result", "failure"));
        Assert.Equal(1, metrics.Value("agentobs_webhook_attempts_total", "receiver", "0", "result", "success"));

        var requests = hook.Requests;
        Assert.Equal([500, 200], requests.Select(r => r.AnsweredWith));
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal("application/json", requests[1].ContentType);
        using var body = JsonDocument.Parse(requests[1].Body);
        Assert.Equal("crossing:trust:_global:w-50", body.RootElement.GetProperty("event_id").GetString());
        Assert.Equal("threshold:crossed", body.RootElement.GetProperty("event_type").GetString());
        Assert.Equal("lost", body.RootElement.GetProperty("direction").GetString());
        Assert.Equal(0.0, body.RootElement.GetProperty("value").GetDouble());
        Assert.Equal(50, body.RootElement.GetProperty("n").GetInt32());
        Assert.True(
            (await sidecar.GetAsync("/api/v1/windows")).Json.GetProperty("projects")[0].GetProperty("trust_lost").GetBoolean(),
            "hooked's state is lost (inherited)");
    }

    [Fact]
    public async Task Crossings_WebhookAnswers500_NoneDroppedTheFirstRetriedAloneUntilTheReceiverRecovers()
    {
        using var directory = new TempDirectory("windows-circuit");
        using var hook = new WebhookReceiver([]) { Answer = HttpStatusCode.InternalServerError };
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            // A first-pass window of one merge: every change of outcome crosses, in both directions.
            Arguments = ["--Windows:FirstPassWindow", "1", "--Webhooks:Urls:0", hook.Url, "--Webhooks:BaseDelaySeconds", "0.1", "--Webhooks:MaxDelaySeconds", "0.4"],
        });

        // Second attempt (0.0: lost), first pass (1.0: regained), … : ten merges, ten crossings.
        var response = await sidecar.PostNdjsonAsync([.. Enumerable.Range(1, 10).Select(i => Merge($"c-{i}", i % 2 == 1 ? 2 : 1))]);
        Assert.Equal(10, response.Json.GetProperty("accepted").GetInt32());

        // While the receiver fails, only the first crossing is tried (again and again); the other nine wait, counted.
        var deadline = DateTime.UtcNow + Patience;
        while (hook.Requests.Count < 8 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.All(hook.Requests, r => Assert.Equal("crossing:trust:_global:c-1", WebhookDeliveryTests.EventId(r)));
        // The receiver logs a request before it answers, and the sidecar counts the attempt after: wait for both.
        var failing = await sidecar.ScrapeUntilAsync(
            Patience,
            m => m.Value("agentobs_webhook_pending_crossings", "receiver", "0") == 10
                && m.ValueOrZero("agentobs_webhook_attempts_total", "receiver", "0", "result", "failure") >= 8);
        Assert.Equal(0, failing.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered"));
        Assert.Equal(0, failing.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "dead_lettered"));
        Assert.True(failing.Value("agentobs_webhook_oldest_pending_age_seconds", "receiver", "0") > 0);
        Assert.Equal(5, failing.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "lost"));
        Assert.Equal(5, failing.Value("agentobs_threshold_crossings_total", "threshold", "trust", "direction", "regained"));

        hook.Answer = HttpStatusCode.OK;
        // The pending gauge drops before the outcome is counted; the scrape may still fall between the two families.
        await sidecar.ScrapeUntilAsync(
            Patience,
            m => m.ValueOrZero("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered") == 10
                && m.Value("agentobs_webhook_pending_crossings", "receiver", "0") == 0);
        Assert.Equal(
            Enumerable.Range(1, 10).Select(i => $"crossing:trust:_global:c-{i}"),
            hook.Requests.Where(r => r.AnsweredWith == 200).Select(WebhookDeliveryTests.EventId));
    }

    [Theory]
    [InlineData("--Windows:TrustLostBelow", "0.9", "Windows:TrustLostBelow")]
    [InlineData("--Windows:FirstPassWindow", "0", "Windows:FirstPassWindow")]
    [InlineData("--Webhooks:Urls:0", "ftp://example.invalid/x", "Webhooks:Urls")]
    [InlineData("--Webhooks:Secret", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "Webhooks:Secret must start with 'whsec_'")]
    [InlineData("--Webhooks:MaxRetryHours", "0", "Webhooks:MaxRetryHours must be above 0")]
    [InlineData("--Webhooks:BaseDelaySeconds", "900", "Webhooks:MaxDelaySeconds (600) must be at least BaseDelaySeconds (900)")]
    public async Task Start_InvalidWindowsSetting_ExitsNonZeroNamingIt(string argument, string value, string setting)
    {
        using var directory = new TempDirectory("windows-config");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = [argument, value] }, TimeSpan.FromSeconds(30));

        Assert.True(exitCode != 0, $"exit code 0. Output:\n{output}");
        Assert.Contains(setting, output, StringComparison.Ordinal);
    }

    internal static JsonObject Merge(string id, int attempts, string? project = null, string? finalVerdict = null)
    {
        var metadata = new JsonObject { ["attempts"] = attempts };
        if (project is not null)
        {
            metadata["project"] = project;
        }

        if (finalVerdict is not null)
        {
            metadata["finalVerdict"] = finalVerdict;
        }

        return TestEvents.Make(id, "workitem:merged", "wi-" + id, TestEvents.T0, metadata);
    }

    private static List<string> Crossings(string data) =>
        [.. EventLogFiles.Read(data).Records.Select(r => r.Json).Where(j => j.Contains("\"eventType\":\"threshold:crossed\"", StringComparison.Ordinal))];

    private static void AssertWindow(JsonElement window, double? value, int n, int size, string source)
    {
        Assert.Equal(value, window.GetProperty("value").ValueKind == JsonValueKind.Null ? null : window.GetProperty("value").GetDouble());
        Assert.Equal(n, window.GetProperty("n").GetInt32());
        Assert.Equal(size, window.GetProperty("window").GetInt32());
        Assert.Equal(source, window.GetProperty("source").GetString());
    }


    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, SidecarProcess sidecar)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {Patience} for {what}. Output:\n{sidecar.Output}");
            }

            await Task.Delay(100);
        }
    }
}
