using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;
using static Observability.Sidecar.Tests.Analytics.AnalyticsHttp;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>Every refusal of the run-record writes: the status, a problem+json naming the field, and nothing stored.</summary>
public sealed class RunRecordWriteErrorTests(PricedSidecarFixture fixture) : IClassFixture<PricedSidecarFixture>
{
    private const string Write = "/api/v1/metrics/ws-execution";
    private static readonly DateTimeOffset T = new(2026, 2, 23, 10, 0, 0, TimeSpan.Zero);

    private SidecarProcess Sidecar => fixture.Sidecar;

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"execution_id":"e","status":"STARTED","wp":"x"}""", "wp" },
        { """{"execution_id":"e"}""", "status" },
        { """{"status":"COMPLETED"}""", "execution_id" },
        { """{"execution_id":"e","status":"STARTED","started_at":"2026-02-23T10:00:00"}""", "started_at" },
        { """{"execution_id":"e","status":"COMPLETED","started_at":"2026-02-23T10:00:00Z","completed_at":"2026-02-23T09:00:00Z"}""", "completed_at" },
        { """{"execution_id":"e","status":"COMPLETED","rework_cycles":-1}""", "rework_cycles" },
        { """{"execution_id":"e","status":"COMPLETED","rework_cycles":1.5}""", "rework_cycles" },
        { """{"execution_id":"e","status":"COMPLETED","llm_cost_usd":"1"}""", "llm_cost_usd" },
        { """{"execution_id":"e","status":"COMPLETED","test_metrics":{"written":1,"flaky":2}}""", "test_metrics.flaky" },
        { """{"execution_id":"e","status":"COMPLETED","file_metrics":{"created":[1]}}""", "file_metrics.created" },
        { """{"execution_id":"e","phase":{"name":"verify"}}""", "phase.event_id" },
        { """{"execution_id":"e","phase":{"event_id":"p"}}""", "phase.name" },
        { """{"execution_id":"e","phase":{"event_id":"p","name":"verify","sequence":0}}""", "phase.sequence" },
        { """{"execution_id":"e","phase":[]}""", "phase" },
        { """{"execution_id":"0123456789012345678901234567890123456789012345678901234567890123456789","status":"STARTED"}""", "execution_id" },
        { "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task WsExecution_InvalidField_Is400NamingItAndStoresNothing(string body, string field)
    {
        var before = EventLogFiles.Read(Sidecar.DataDirectory).Records.Count;
        var response = await Sidecar.SendAsync(Post(Write, body, "application/json"));
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(field, response.Json.GetProperty("field").GetString());
        Assert.Equal(before, EventLogFiles.Read(Sidecar.DataDirectory).Records.Count);
    }

    [Fact]
    public async Task WsExecution_CompletionBeforeTheStoredStart_Is400AndStoresNothing()
    {
        var id = "late-" + TestEvents.Unique();
        var start = await Sidecar.SendAsync(Post(Write, $$"""{"execution_id":"{{id}}","status":"STARTED","started_at":"2026-02-23T10:00:00Z"}""", "application/json"));
        Assert.True(start.Status == HttpStatusCode.Created, start.ToString());
        var before = EventLogFiles.Read(Sidecar.DataDirectory).Records.Count;

        var response = await Sidecar.SendAsync(Post(Write, $$"""{"execution_id":"{{id}}","status":"COMPLETED","completed_at":"2026-02-23T09:00:00Z"}""", "application/json"));

        AssertProblem(response, HttpStatusCode.BadRequest, "completed_at");
        Assert.Equal(before, EventLogFiles.Read(Sidecar.DataDirectory).Records.Count);
    }

    [Fact]
    public async Task WsExecution_PhaseForUnknownExecution_Is422()
    {
        var response = await Sidecar.PostJsonAsync(Write, Phase("never-started-" + TestEvents.Unique(), "p-x", "verify", T, T.AddMinutes(1)));
        AssertProblem(response, HttpStatusCode.UnprocessableEntity, "execution_id");
    }

    [Theory]
    [InlineData("""{"ws_execution_id":"e"}""", "autonomous")]
    [InlineData("""{"autonomous":true}""", "ws_execution_id")]
    [InlineData("""{"ws_execution_id":"e","autonomous":"yes"}""", "autonomous")]
    [InlineData("""{"ws_execution_id":"e","autonomous":true,"files_modified":"a.py"}""", "files_modified")]
    [InlineData("""{"ws_execution_id":"e","autonomous":true,"fixed_at":"noon"}""", "fixed_at")]
    public async Task BugFix_InvalidField_Is400NamingIt(string body, string field)
    {
        var response = await Sidecar.SendAsync(Post("/api/v1/metrics/bug-fix", body, "application/json"));
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal(field, response.Json.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Writes_MalformedJson_Is400Problem()
    {
        var response = await Sidecar.SendAsync(Post(Write, """{"status":""", "application/json"));
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("Malformed JSON", response.Json.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task Writes_OtherContentType_Is415Problem(string? contentType)
    {
        var response = await Sidecar.SendAsync(Post("/api/v1/metrics/bug-fix", "{}", contentType));
        Assert.True(response.Status == HttpStatusCode.UnsupportedMediaType, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task Writes_BodyOverOneMebibyte_Is413Problem()
    {
        var body = new JsonObject { ["execution_id"] = "e", ["status"] = "STARTED", ["ws_id"] = new string('x', 1 << 20) };
        var response = await Sidecar.PostJsonAsync(Write, body);
        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
    }

    private static HttpRequestMessage Post(string path, string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content };
    }
}
