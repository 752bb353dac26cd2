using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>
/// Events per second per token and per address: a request over the bucket is refused whole (429, Retry-After,
/// problem+json naming the limit) before anything is stored; one larger than the burst gets 413; counted per token.
/// </summary>
public sealed class EventRateLimitTests
{
    [Fact]
    public async Task EventRate_TokenOverItsEventsPerSecond_Answers429StoresNothingAndCounts()
    {
        using var directory = new TempDirectory("event-rate-token");
        var arguments = TestTokens.Arguments([TestTokens.Ingest, TestTokens.All]);
        // The runner's own 10 events/s (burst 20) overrides the default of 1000 the other token keeps.
        arguments.AddRange(["--Auth:Tokens:0:EventsPerSecond", "10", "--Limits:EventsPerSecond", "1000", "--Limits:EventsBurst", "0"]);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments });

        // Every limit family is exposed at 0 before anything was refused, so rate() and the dashboard see it.
        var atStart = await sidecar.ScrapeAsync();
        Assert.Equal(0, atStart.Value("agentobs_rate_limited_events_total", "token", "runner"));
        Assert.Equal(0, atStart.Value("agentobs_rate_limited_requests_total", "token", "runner"));
        Assert.Equal(0, atStart.Value("agentobs_quota_refused_requests_total", "token", "runner"));

        // The first request empties the bucket; one refill (10 events, every second) cannot cover the second.
        var first = Batch("rate-first", 20);
        var second = Batch("rate-second", 15);
        var accepted = await PostAsync(sidecar, TestTokens.Ingest, first);
        var refused = await PostAsync(sidecar, TestTokens.Ingest, second);
        var tooLarge = await PostAsync(sidecar, TestTokens.Ingest, Batch("rate-large", 21));
        var other = await PostAsync(sidecar, TestTokens.All, Batch("rate-other", 25));
        var probes = new List<SidecarResponse>();
        for (var i = 0; i < 20; i++)
        {
            probes.Add(await sidecar.GetAsync(i % 2 == 0 ? "/health" : "/metrics"));
        }

        Assert.True(accepted.Status == HttpStatusCode.OK, accepted.ToString());
        Assert.True(refused.Status == HttpStatusCode.TooManyRequests, refused.ToString());
        Assert.Equal("application/problem+json", refused.ContentType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 2);
        Assert.Equal("events_per_second", refused.Json.GetProperty("limit").GetString());
        Assert.Equal(10, refused.Json.GetProperty("events_per_second").GetInt32());
        Assert.Equal(15, refused.Json.GetProperty("request_events").GetInt32());
        Assert.Contains("EventsPerSecond", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.True(tooLarge.Status == HttpStatusCode.RequestEntityTooLarge, tooLarge.ToString());
        Assert.Equal("events_burst", tooLarge.Json.GetProperty("limit").GetString());
        Assert.Equal(20, tooLarge.Json.GetProperty("events_burst").GetInt32());
        Assert.Contains("at most 20 events", tooLarge.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.True(other.Status == HttpStatusCode.OK, $"another token has its own bucket: {other}");
        Assert.All(probes, p => Assert.Equal(HttpStatusCode.OK, p.Status));

        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(15 + 21, metrics.Value("agentobs_rate_limited_events_total", "token", "runner"));
        Assert.Equal(0, metrics.Value("agentobs_rate_limited_events_total", "token", "everything"));
        Assert.Equal(0, metrics.Value("agentobs_rate_limited_events_total", "token", "anonymous"));

        // Nothing of the refused request was stored: sent again once the bucket has refilled, every event is new.
        await Task.Delay(TimeSpan.FromSeconds(retryAfter + 0.5));
        var again = await PostAsync(sidecar, TestTokens.Ingest, second);
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal(15, again.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(0, again.Json.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task EventRate_AnonymousLoopbackCloudEventsOverTheRate_Answers429AndStoresNoneOfTheBatch()
    {
        using var directory = new TempDirectory("event-rate-address");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            // A started pipeline run's CloudEvent is stored as two events: three of them fill the burst of six.
            Arguments = ["--Limits:EventsPerSecond", "1", "--Limits:EventsBurst", "6"],
        });
        var stage = "quota-stage-" + TestEvents.Unique();

        var first = await PostCloudEventsAsync(sidecar, stage, 3);
        var second = await PostCloudEventsAsync(sidecar, stage, 3);

        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.True(second.Status == HttpStatusCode.TooManyRequests, second.ToString());
        Assert.Equal("events_per_second", second.Json.GetProperty("limit").GetString());
        Assert.True(int.Parse(second.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(3, metrics.Value("agentobs_pipeline_stages_started_total", "stage", stage));
        Assert.Equal(6, second.Json.GetProperty("request_events").GetInt32());
        Assert.Equal(6, metrics.Value("agentobs_rate_limited_events_total", "token", "anonymous"));
    }

    internal static List<JsonNode> Batch(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (JsonNode)TestEvents.Make(TestEvents.NewId(prefix), "chain:created", $"CHAIN-{prefix}-{i}", TestEvents.T0))];

    internal static Task<SidecarResponse> PostAsync(SidecarProcess sidecar, TestToken token, IEnumerable<JsonNode> events) =>
        sidecar.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/events", UriKind.Relative))
            {
                Content = new StringContent(TestEvents.Ndjson(events), Encoding.UTF8, "application/x-ndjson"),
            },
            token);

    private static Task<SidecarResponse> PostCloudEventsAsync(SidecarProcess sidecar, string stage, int count)
    {
        var batch = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)PipelineRunStarted("ce-" + TestEvents.Unique(), stage))]);
        var content = new StringContent(batch.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cloudevents-batch+json");
        return sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/cloudevents", UriKind.Relative)) { Content = content });
    }

    private static JsonObject PipelineRunStarted(string id, string pipeline) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/ci/quota",
        ["type"] = "dev.cdevents.pipelinerun.started.0.3.0",
        ["time"] = "2026-03-01T10:00:00Z",
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject
        {
            ["context"] = new JsonObject { ["specversion"] = "0.5.1", ["id"] = id, ["source"] = "/ci/quota", ["type"] = "dev.cdevents.pipelinerun.started.0.3.0", ["timestamp"] = "2026-03-01T10:00:00Z" },
            ["subject"] = new JsonObject { ["id"] = id + "-run", ["source"] = "/ci/quota", ["content"] = new JsonObject { ["pipelineName"] = pipeline } },
        },
    };
}
