using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.CloudEvents;

/// <summary><c>POST /api/v1/cloudevents</c> over HTTP against a real sidecar: identity, mapping, per-item answers, bad input.</summary>
public sealed class CloudEventsEndpointTests(CloudEventsEndpointTests.Fixture fixture) : IClassFixture<CloudEventsEndpointTests.Fixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task Post_SameSourceAndIdTwice_SecondIsADuplicateCountedOnce()
    {
        var stage = Unique("dup");
        var cloudEvent = PipelineRun("finished", "dup-1", "/ci/a", stage, "2026-03-01T10:00:00Z", "failure");

        var first = await PostStructuredAsync(cloudEvent);
        var again = await PostStructuredAsync(cloudEvent);
        var otherSource = await PostStructuredAsync(PipelineRun("finished", "dup-1", "/ci/b", stage, "2026-03-01T10:00:00Z", "failure"));

        Assert.Equal("accepted", Status(first));
        Assert.Equal("duplicate", Status(again));
        Assert.Equal(1, again.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal("accepted", Status(otherSource));
        var metrics = await Sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_pipeline_failures_total", "stage", stage, "failure_type", "failure") >= 2);
        Assert.Equal(2, metrics.Value("agentobs_pipeline_failures_total", "stage", stage, "failure_type", "failure"));
    }

    [Fact]
    public async Task Post_PipelineRunStartedThenFinished_OutcomeAndDurationDerived()
    {
        var stage = Unique("run");
        await PostStructuredAsync(PipelineRun("queued", "r-q", "/ci/a", stage, "2026-03-01T09:59:00Z", null));
        await PostStructuredAsync(PipelineRun("started", "r-s", "/ci/a", stage, "2026-03-01T10:00:00Z", null));
        var finished = await PostStructuredAsync(PipelineRun("finished", "r-f", "/ci/a", stage, "2026-03-01T10:01:30Z", "success"));

        Assert.Equal(2, finished.Json.GetProperty("items")[0].GetProperty("events").GetInt32());
        var metrics = await Sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_pipeline_duration_seconds_count", "stage", stage, "success", "true") >= 1);
        Assert.Equal(90, metrics.Value("agentobs_pipeline_duration_seconds_sum", "stage", stage, "success", "true"));
        Assert.Equal(1, metrics.Value("agentobs_pipeline_runs_queued_total", "stage", stage));
        Assert.Equal(1, metrics.Value("agentobs_pipeline_stages_started_total", "stage", stage));
        Assert.Null(metrics.Value("agentobs_pipeline_failures_total", "stage", stage, "failure_type", "unspecified"));
    }

    [Fact]
    public async Task Post_BatchWithBadEvents_KeepsTheGoodOnesAndAnswersPerItem()
    {
        var stage = Unique("batch");
        var good = PipelineRun("started", Unique("b"), "/ci/a", stage, "2026-03-01T10:00:00Z", null);
        var noSpecVersion = PipelineRun("started", Unique("b"), "/ci/a", stage, "2026-03-01T10:00:00Z", null);
        noSpecVersion.Remove("specversion");
        var binaryData = new JsonObject { ["specversion"] = "1.0", ["id"] = Unique("b"), ["source"] = "/x", ["type"] = "com.example.blob", ["datacontenttype"] = "application/octet-stream", ["data_base64"] = "AAEC" };
        var nextMajor = PipelineRun("started", Unique("b"), "/ci/a", stage, "2026-03-01T10:00:00Z", null);
        nextMajor["type"] = "dev.cdevents.pipelinerun.started.1.0.0";
        var plain = new JsonObject { ["specversion"] = "1.0", ["id"] = Unique("b"), ["source"] = "/x", ["type"] = "com.example.plain", ["data"] = new JsonObject { ["n"] = 1 } };

        var response = await PostAsync(new JsonArray(good, noSpecVersion, binaryData, 42, nextMajor, plain).ToJsonString(), "application/cloudevents-batch+json");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var items = response.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["accepted", "rejected", "rejected", "rejected", "rejected", "accepted"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal([0, 1, 2, 3, 4, 5], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal("specversion", items[1].GetProperty("field").GetString());
        Assert.Equal("datacontenttype", items[2].GetProperty("field").GetString());
        Assert.Equal("type", items[4].GetProperty("field").GetString());
        Assert.Contains("major version 1 is unknown", items[4].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, response.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(4, response.Json.GetProperty("rejected").GetInt32());
        var metrics = await Sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_pipeline_stages_started_total", "stage", stage) >= 1);
        Assert.Equal(1, metrics.Value("agentobs_pipeline_stages_started_total", "stage", stage));
        Assert.True(metrics.Value("agentobs_cloudevents_received_total", "subject", "none", "predicate", "none") >= 1);
        Assert.True(metrics.Value("agentobs_cloudevents_rejected_total", "mode", "batch", "field", "type") >= 1);
        Assert.True(metrics.Value("agentobs_cloudevents_rejected_total", "mode", "batch", "field", "datacontenttype") >= 1);
    }

    [Fact]
    public async Task Post_LoneSurrogateInAnAttributeOrData_400NamingItsPathAndTheOthersOfABatchKept()
    {
        // The type once reached a 500 (read as text before anything checked it); data a 400 that named nothing.
        var badType = await PostAsync($$"""{"specversion":"1.0","id":"{{Unique("u")}}","source":"/s","type":"\ud800"}""", "application/cloudevents+json");
        var batch = await PostAsync(
            """[{"specversion":"1.0","id":"ID1","source":"/s","type":"x.y","data":{"subject":{"id":"\udc00"}}},{"specversion":"1.0","id":"ID2","source":"/s","type":"x.y","data":{"n":1}}]"""
                .Replace("ID1", Unique("u"), StringComparison.Ordinal).Replace("ID2", Unique("u"), StringComparison.Ordinal),
            "application/cloudevents-batch+json");

        Assert.True(badType.Status == HttpStatusCode.BadRequest, badType.ToString());
        Assert.Equal("application/problem+json", badType.ContentType);
        Assert.Equal("type", badType.Json.GetProperty("items")[0].GetProperty("field").GetString());
        Assert.True(batch.Status == HttpStatusCode.OK, batch.ToString());
        var items = batch.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["rejected", "accepted"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("data.subject.id", items[0].GetProperty("field").GetString());
        Assert.Contains("lone surrogate", items[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var metrics = await Sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_cloudevents_rejected_total", "mode", "batch", "field", "data") >= 1);
        Assert.True(metrics.Value("agentobs_cloudevents_rejected_total", "mode", "structured", "field", "type") >= 1);
        Assert.Null(metrics.Value("agentobs_cloudevents_rejected_total", "mode", "batch", "field", "data.subject.id"));
    }

    [Fact]
    public async Task Post_UnknownCdEventsSubject_StoredAndCountedAsOther()
    {
        var before = (await Sidecar.ScrapeAsync()).ValueOrZero("agentobs_cloudevents_received_total", "subject", "other", "predicate", "other");
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = Unique("o"), ["source"] = "/x", ["type"] = "dev.cdevents.spaceship.launched.0.1.0",
            ["data"] = new JsonObject { ["subject"] = new JsonObject { ["id"] = "ship-1", ["content"] = new JsonObject() } },
        };

        var response = await PostStructuredAsync(cloudEvent);

        Assert.Equal("accepted", Status(response));
        Assert.Equal(1, response.Json.GetProperty("items")[0].GetProperty("events").GetInt32());
        await Sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_cloudevents_received_total", "subject", "other", "predicate", "other") == before + 1);
    }

    [Fact]
    public async Task Post_BinaryModeWithoutSpecversion_400NamingTheHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/cloudevents") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("ce-id", "1");
        request.Headers.Add("ce-source", "/x");
        request.Headers.Add("ce-type", "t");

        var response = await Sidecar.SendAsync(request);

        AssertProblem(response, HttpStatusCode.BadRequest, "ce-specversion");
    }

    [Fact]
    public async Task Post_StructuredModeMalformedJson_400NamingTheBody()
    {
        var response = await PostAsync("""{"specversion":"1.0","id":""", "application/cloudevents+json");

        AssertProblem(response, HttpStatusCode.BadRequest, "body");
        Assert.Contains("not JSON", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_StructuredModeWithoutSpecversion_400NamingIt()
    {
        var response = await PostAsync("""{"id":"x","source":"/x","type":"t"}""", "application/cloudevents+json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("specversion", response.Json.GetProperty("items")[0].GetProperty("field").GetString());
        Assert.StartsWith("specversion:", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BinaryModeUnknownDataContentType_400NamingIt()
    {
        using var request = Binary("application/xml", "<run/>", "dev.cdevents.pipelinerun.started.0.3.0");

        var response = await Sidecar.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("datacontenttype", response.Json.GetProperty("items")[0].GetProperty("field").GetString());
        Assert.Contains("application/xml", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownMajorVersion_400WithTheReason()
    {
        using var request = Binary("application/json", """{"subject":{"id":"r","content":{"pipelineName":"p"}}}""", "dev.cdevents.pipelinerun.finished.1.0.0");

        var response = await Sidecar.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("type", response.Json.GetProperty("items")[0].GetProperty("field").GetString());
        Assert.Contains("major version 1 is unknown", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BatchOverTheLimit_413AndNothingStored()
    {
        var stage = Unique("big");
        var batch = new JsonArray([.. Enumerable.Range(0, Fixture.MaxEventsPerBatch + 1).Select(i => (JsonNode)PipelineRun("started", Unique("big"), "/ci/a", stage, "2026-03-01T10:00:00Z", null))]);

        var response = await PostAsync(batch.ToJsonString(), "application/cloudevents-batch+json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal(Fixture.MaxEventsPerBatch, response.Json.GetProperty("limit_items").GetInt32());
        Assert.Null((await Sidecar.ScrapeAsync()).Value("agentobs_pipeline_stages_started_total", "stage", stage));
    }

    [Fact]
    public async Task Post_AnotherStructuredFormat_415NamingContentType()
    {
        var response = await PostAsync("{}", "application/cloudevents+xml");

        AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "Content-Type");
        await Sidecar.AssertStillServingAsync();
    }

    private static JsonObject PipelineRun(string predicate, string id, string source, string pipeline, string time, string? outcome)
    {
        var content = new JsonObject { ["pipelineName"] = pipeline };
        if (outcome is not null)
        {
            content["outcome"] = outcome;
        }

        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = source,
            ["type"] = $"dev.cdevents.pipelinerun.{predicate}.0.3.0",
            ["time"] = time,
            ["datacontenttype"] = "application/json",
            ["data"] = new JsonObject
            {
                ["context"] = new JsonObject { ["specversion"] = "0.5.1", ["id"] = id, ["source"] = source, ["type"] = $"dev.cdevents.pipelinerun.{predicate}.0.3.0", ["timestamp"] = time },
                ["subject"] = new JsonObject { ["id"] = pipeline + "-run", ["source"] = source, ["content"] = content },
            },
        };
    }

    private static HttpRequestMessage Binary(string contentType, string body, string type)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/cloudevents") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", Unique("bin"));
        request.Headers.Add("ce-source", "/x");
        request.Headers.Add("ce-type", type);
        return request;
    }

    private Task<SidecarResponse> PostStructuredAsync(JsonObject cloudEvent) => PostAsync(cloudEvent.ToJsonString(), "application/cloudevents+json");

    private Task<SidecarResponse> PostAsync(string body, string contentType) =>
        Sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/cloudevents")
        {
            Content = new StringContent(body, Encoding.UTF8, System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType)),
        });

    private static string? Status(SidecarResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Json.GetProperty("items")[0].GetProperty("status").GetString();
    }

    private static void AssertProblem(SidecarResponse response, HttpStatusCode status, string field)
    {
        Assert.True(response.Status == status, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(field, response.Json.GetProperty("field").GetString());
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public sealed class Fixture : SidecarFixture
    {
        public const int MaxEventsPerBatch = 8;

        protected override IReadOnlyList<string> Arguments => ["--CloudEvents:MaxEventsPerBatch", MaxEventsPerBatch.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }
}
