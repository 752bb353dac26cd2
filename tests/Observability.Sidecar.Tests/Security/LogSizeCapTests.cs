using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>Sidecar:MaxLogBytes: writes that would pass the cap get 507 with what to do; reads go on; nothing acknowledged is lost.</summary>
public sealed class LogSizeCapTests
{
    private const long Cap = 24_000;

    [Fact]
    public async Task MaxLogBytes_LogReachesTheCap_WritesAnswer507ReadsWorkAndAcknowledgedEventsSurvive()
    {
        using var directory = new TempDirectory("log-cap");
        var data = directory.Combine("data");
        // No preallocation and small segments: the size on disk follows what is written.
        string[] common = ["--Sidecar:PreallocationBytes", "0", "--Sidecar:SegmentMaxBytes", "4096", "--Sidecar:Snapshot", "false"];
        var acknowledged = new List<string>();
        List<JsonNode>? refusedBatch = null;
        SidecarResponse? refused = null;
        await using (var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data) { Arguments = [.. common, "--Sidecar:MaxLogBytes", Cap.ToString(System.Globalization.CultureInfo.InvariantCulture)] }))
        {
            for (var round = 0; round < 60 && refused is null; round++)
            {
                var batch = Enumerable.Range(0, 8).Select(i => (JsonNode)TestEvents.Make(TestEvents.NewId("cap"), "chain:created", $"CHAIN-CAP-{round}-{i}", TestEvents.T0)).ToList();
                var answer = await sidecar.PostEventsAsync([.. batch]);
                if (answer.Status == HttpStatusCode.InsufficientStorage)
                {
                    refused = answer;
                    refusedBatch = batch;
                }
                else
                {
                    Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted, answer.ToString());
                    acknowledged.AddRange(batch.Select(TestEvents.IdOf));
                }
            }

            Assert.True(refused is not null, $"no 507 after {acknowledged.Count} events under a cap of {Cap} bytes");
            Assert.NotEmpty(acknowledged);
            Assert.Equal("application/problem+json", refused.ContentType);
            Assert.Equal(507, refused.Json.GetProperty("status").GetInt32());
            Assert.Equal(Cap, refused.Json.GetProperty("max_log_bytes").GetInt64());
            Assert.True(refused.Json.GetProperty("log_bytes").GetInt64() > 0, refused.ToString());
            var detail = refused.Json.GetProperty("detail").GetString()!;
            Assert.Contains("Sidecar:MaxLogBytes", detail, StringComparison.Ordinal);
            Assert.Contains("Sidecar:Retention:MaxBytes", detail, StringComparison.Ordinal);

            // Filled up with single events until even one is refused: the log is then within one small event of the cap.
            var refusals = 1;
            for (var i = 0; i < 200; i++)
            {
                var single = TestEvents.Make(TestEvents.NewId("cap"), "chain:created", $"CHAIN-CAP-SINGLE-{i}", TestEvents.T0);
                var answer = await sidecar.PostNdjsonAsync(single);
                if (answer.Status == HttpStatusCode.InsufficientStorage)
                {
                    refusals++;
                    break;
                }

                Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.Created, answer.ToString());
                acknowledged.Add(TestEvents.IdOf(single));
            }

            Assert.Equal(2, refusals);

            // Every write endpoint, not only events: an outcome (stored as an event larger than the last one refused).
            var outcome = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/outcomes", UriKind.Relative))
            {
                Content = new StringContent("""{"taskId":"cap-task-with-a-longer-name","ruleIds":["b-000000000000"],"outcome":"success"}""", Encoding.UTF8, "application/json"),
            });
            Assert.Equal(HttpStatusCode.InsufficientStorage, outcome.Status);

            // Reads keep working.
            Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/api/v1/summary")).Status);
            Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/health")).Status);
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(3, metrics.Value("agentobs_log_size_refused_requests_total"));
            Assert.Equal(acknowledged.Count, metrics.Value("agentobs_events_received_total", "outcome", "accepted"));
            Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/readiness")).Status);
            Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
            await sidecar.AssertOutputContainsAsync("Sidecar:MaxLogBytes");
            await sidecar.AssertOutputContainsAsync("retention will not keep the live log under the cap");
        }

        // Restarted without the cap: every acknowledged event is replayed, and the refused batch was never stored.
        await using (var sidecar = await SidecarProcess.StartAsync(new SidecarStart(data) { Arguments = common }))
        {
            Assert.Equal(acknowledged.Count, (await sidecar.ScrapeAsync()).Value("agentobs_events_replayed_total"));
            var again = await sidecar.PostEventsAsync([.. refusedBatch!]);
            Assert.True(again.Status is HttpStatusCode.OK or HttpStatusCode.Created, again.ToString());
            Assert.Equal(refusedBatch!.Count, (await sidecar.ScrapeAsync()).Value("agentobs_events_received_total", "outcome", "accepted"));
        }
    }

    [Fact]
    public async Task MaxLogBytes_SourceBatchStoredInSeveralChunks_RefusedWholeBeforeItsFirstChunk()
    {
        // 1,500 CloudEvents make 1,500 catalogue events, stored in two chunks (1,000 and 500). The cap lets the first
        // chunk through but not the whole: the request must be refused before anything of it is stored, since an
        // exporter (OTLP's, for one) does not retry a 507 and a half-stored batch would stay half.
        const int Events = 1_500;
        using var directory = new TempDirectory("log-cap-chunks");
        var batch = new JsonArray([.. Enumerable.Range(0, Events).Select(i => (JsonNode)new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = $"cap-chunk-{i}",
            ["source"] = "/tests/log-cap",
            ["type"] = "com.example.build.noted",
            ["time"] = "2026-03-01T10:00:00Z",
        })]).ToJsonString();
        const long Cap = 400_000;
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Sidecar:PreallocationBytes", "0", "--CloudEvents:MaxEventsPerBatch", "2000", "--Sidecar:MaxLogBytes", Cap.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });

        var answer = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/cloudevents", UriKind.Relative))
        {
            Content = new StringContent(batch, Encoding.UTF8, System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/cloudevents-batch+json")),
        });

        Assert.Equal(HttpStatusCode.InsufficientStorage, answer.Status);
        var weighed = answer.Json.GetProperty("request_bytes").GetInt64();
        Assert.True(weighed > Cap, $"the whole request ({weighed} bytes) is weighed, not a chunk of it: {answer}");
        Assert.True(weighed * 1_000 / Events < Cap, $"its first chunk alone would have fitted under the cap: {answer}");
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(0, metrics.Value("agentobs_events_received_total", "outcome", "accepted"));
        Assert.Equal(1, metrics.Value("agentobs_log_size_refused_requests_total"));
    }

    [Fact]
    public async Task MaxLogBytes_Negative_StopsTheSidecarNamingTheSetting()
    {
        using var directory = new TempDirectory("log-cap-bad");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--Sidecar:MaxLogBytes", "-1"], WaitUntilReady = false }, TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Sidecar:MaxLogBytes", output, StringComparison.Ordinal);
    }
}
