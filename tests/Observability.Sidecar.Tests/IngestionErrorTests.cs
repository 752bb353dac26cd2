using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>A sidecar with a small body limit (16 KiB), so that 413 is cheap to provoke.</summary>
public sealed class SmallBodyLimitSidecarFixture : SidecarFixture
{
    public const int Limit = 16 * 1024;

    protected override IReadOnlyList<string> Arguments => ["--Sidecar:MaxRequestBodyBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>
/// Duplicates, partial batches and every error answer of <c>POST /api/v1/events</c>: the right status, a problem+json
/// body that says what and where, nothing counted twice or counted at all when refused, and the server still serving.
/// </summary>
public sealed class IngestionErrorTests(SmallBodyLimitSidecarFixture fixture) : IClassFixture<SmallBodyLimitSidecarFixture>
{
    private SidecarProcess Sidecar => fixture.Sidecar;

    /// <summary>Invalid events, each alone: what to break, the field the answer must name, words its reason must contain.</summary>
    public static TheoryData<string, string, string> InvalidFields => new()
    {
        { "missing id", "id", "required" },
        { "empty id", "id", "required" },
        { "id over 128 characters", "id", "128" },
        { "id not a string", "id", "must be a string" },
        { "missing timestamp", "timestamp", "required" },
        { "timestamp not ISO 8601", "timestamp", "ISO 8601" },
        { "timestamp without a zone", "timestamp", "time zone" },
        { "timestamp with an impossible date", "timestamp", "ISO 8601" },
        { "missing eventType", "eventType", "required" },
        { "eventType not entity:action", "eventType", "entity:action" },
        { "missing entityId", "entityId", "required" },
        { "entityId a number", "entityId", "must be a string" },
        { "metadata not an object", "metadata", "must be an object" },
        { "agent not an object", "agent", "must be an object" },
        { "negative input tokens", "agent.tokens.input", "zero or more" },
        { "fractional output tokens", "agent.tokens.output", "whole number" },
        { "ws:execution status not in the enum", "metadata.status", "STARTED, COMPLETED, FAILED, HARD_STOP, BLOCKED" },
        { "ws:execution status in the wrong case", "metadata.status", "not one of" },
        { "ws:phase phase not in the enum", "metadata.phase", "failing_tests, implement, verify, do_no_harm_audit" },
        { "workitem:reviewed verdict not in the enum", "metadata.verdict", "not one of" },
        { "lint:reported severity not in the enum", "metadata.severity", "error, warning, info" },
        { "negative durationSeconds", "metadata.durationSeconds", "0 or more" },
        { "negative lint count", "metadata.count", "0 or more" },
        { "coverage over 100", "metadata.percent", "between 0 and 100" },
        { "workitem:merged attempts 0", "metadata.attempts", "1 or more" },
        { "lint count as a string", "metadata.count", "must be a number, not a string" },
        { "test:run passed fractional", "metadata.passed", "whole number" },
        { "pipeline:completed success as a string", "metadata.success", "true or false" },
        { "task:completed taskType a number", "metadata.taskType", "must be a string" },
        { "defect:detected introducedAt not a timestamp", "metadata.introducedAt", "ISO 8601" },
        { "task:failed without failureType", "metadata.failureType", "required" },
        { "llm:call without a model", "agent.model", "required" },
        { "bug:fixed autonomous missing", "metadata.autonomous", "required" },
    };

    [Fact]
    public async Task Routing_UnknownPathOrWrongMethod_AnswersProblemJsonNamingThem()
    {
        var unknown = await Sidecar.GetAsync("/api/v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("application/problem+json", unknown.ContentType);
        Assert.Contains("GET /api/v1/nope", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var wrongMethod = await Sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/metrics"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        Assert.Equal("application/problem+json", wrongMethod.ContentType);
        Assert.Equal(405, wrongMethod.Json.GetProperty("status").GetInt32());
        Assert.Contains("GET", wrongMethod.Json.GetProperty("allow").GetString(), StringComparison.Ordinal);

        // The server keeps serving.
        Assert.Equal(HttpStatusCode.OK, (await Sidecar.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task Post_SameIdTwiceInOneBatch_StoresAndCountsItOnce()
    {
        var u = TestEvents.Unique();
        var id = TestEvents.NewId("dup");
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostEventsAsync(Intervention(id, u), Intervention(id, u));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        AssertCounts(response, accepted: 1, duplicates: 1, rejected: 0);
        var items = response.Json.GetProperty("items");
        Assert.Equal(("accepted", id), (items[0].GetProperty("status").GetString(), items[0].GetProperty("id").GetString()));
        Assert.Equal(("duplicate", id), (items[1].GetProperty("status").GetString(), items[1].GetProperty("id").GetString()));
        var after = await Sidecar.ScrapeAsync();
        new ExpectedSamples().Inc("human_interventions_total", 1, "reason", $"dup-{u}").AssertChanges(before, after, "one id twice in a batch");
        AssertReceived(before, after, accepted: 1, duplicates: 1, rejected: 0);
    }

    [Fact]
    public async Task Post_SameIdInALaterRequest_IsDuplicateAndNotCountedAgain()
    {
        var u = TestEvents.Unique();
        var id = TestEvents.NewId("dup");
        Assert.Equal(HttpStatusCode.OK, (await Sidecar.PostEventsAsync(Intervention(id, u))).Status);
        var before = await Sidecar.ScrapeAsync();

        // The same id again, also with a different body and as NDJSON: the id is the idempotency key.
        var again = await Sidecar.PostEventsAsync(Intervention(id, u));
        var changed = Intervention(id, u);
        changed["metadata"]!["reason"] = $"other-{u}";
        var ndjson = await Sidecar.PostNdjsonAsync(changed);

        foreach (var response in new[] { again, ndjson })
        {
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            AssertCounts(response, accepted: 0, duplicates: 1, rejected: 0);
            Assert.Equal("duplicate", response.Json.GetProperty("items")[0].GetProperty("status").GetString());
        }

        var after = await Sidecar.ScrapeAsync();
        new ExpectedSamples().AssertChanges(before, after, "duplicates of a stored id");
        AssertReceived(before, after, accepted: 0, duplicates: 2, rejected: 0);
    }

    [Fact]
    public async Task Post_SameIdConcurrently_ExactlyOneRequestStoresIt()
    {
        var u = TestEvents.Unique();
        var id = TestEvents.NewId("race");
        var before = await Sidecar.ScrapeAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Sidecar.PostEventsAsync(Intervention(id, u))));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.OK, r.ToString()));
        Assert.Equal(1, responses.Sum(r => r.Json.GetProperty("accepted").GetInt32()));
        Assert.Equal(15, responses.Sum(r => r.Json.GetProperty("duplicates").GetInt32()));
        var after = await Sidecar.ScrapeAsync();
        new ExpectedSamples().Inc("human_interventions_total", 1, "reason", $"dup-{u}").AssertChanges(before, after, "one id from 16 concurrent requests");
        AssertReceived(before, after, accepted: 1, duplicates: 15, rejected: 0);
    }

    [Fact]
    public async Task Post_ValidAndInvalidItems_KeepsTheValidOnesAndNamesEachBadField()
    {
        var u = TestEvents.Unique();
        var before = await Sidecar.ScrapeAsync();
        var noId = Intervention("ignored", u);
        noId.Remove("id");
        var badStatus = TestEvents.Make(TestEvents.NewId("ws"), "ws:execution", $"wsx-{u}", TestEvents.T0, new JsonObject { ["status"] = "RUNNING" });

        var response = await Sidecar.PostEventsAsync(Intervention(TestEvents.NewId("ok"), u), noId, Intervention(TestEvents.NewId("ok"), u), badStatus);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("application/json", response.ContentType);
        AssertCounts(response, accepted: 2, duplicates: 0, rejected: 2);
        var items = response.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal(["accepted", "rejected", "accepted", "rejected"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("id", items[1].GetProperty("field").GetString());
        Assert.Equal("metadata.status", items[3].GetProperty("field").GetString());
        Assert.Equal(TestEvents.IdOf(badStatus), items[3].GetProperty("id").GetString());
        Assert.False(items[0].TryGetProperty("field", out _), "an accepted item has no field");
        var after = await Sidecar.ScrapeAsync();
        new ExpectedSamples().Inc("human_interventions_total", 2, "reason", $"dup-{u}").AssertChanges(before, after, "partial batch");
        AssertReceived(before, after, accepted: 2, duplicates: 0, rejected: 2);
        Assert.Equal(1, Delta(before, after, "agentobs_events_rejected_total", "field", "id"));
        Assert.Equal(1, Delta(before, after, "agentobs_events_rejected_total", "field", "metadata.status"));
    }

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Post_InvalidField_Returns400NamingTheFieldWithAReadableReason(string breakage, string field, string reasonContains)
    {
        var e = Invalid(breakage);
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostEventsAsync(e);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{breakage}: {response}");
        AssertProblem(response, 400);
        AssertCounts(response, accepted: 0, duplicates: 0, rejected: 1);
        var item = response.Json.GetProperty("items")[0];
        Assert.Equal("rejected", item.GetProperty("status").GetString());
        Assert.Equal(field, item.GetProperty("field").GetString());
        var reason = item.GetProperty("reason").GetString()!;
        Assert.Contains(reasonContains, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", reason, StringComparison.Ordinal);
        Assert.Contains(field, response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await Sidecar.ScrapeAsync();
        new ExpectedSamples().AssertChanges(before, after, breakage);
        AssertReceived(before, after, accepted: 0, duplicates: 0, rejected: 1);
        Assert.Equal(1, Delta(before, after, "agentobs_events_rejected_total", "field", field));
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_NonObjectItems_AreRejectedWithAReason()
    {
        var response = await Sidecar.PostAsync("[42, \"text\", null, []]", "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        AssertProblem(response, 400);
        AssertCounts(response, accepted: 0, duplicates: 0, rejected: 4);
        Assert.All(response.Json.GetProperty("items").EnumerateArray(), i => Assert.Contains("must be a JSON object", i.GetProperty("reason").GetString(), StringComparison.Ordinal));
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_InvalidUtf8AndLoneSurrogate_RejectsThoseLinesWithAReasonAndKeepsTheOthers()
    {
        var u = TestEvents.Unique();
        var before = await Sidecar.ScrapeAsync();
        var good = Encoding.UTF8.GetBytes(TestEvents.Ndjson([Intervention(TestEvents.NewId("ok"), u)]).TrimEnd('\n'));
        var badByte = Encoding.UTF8.GetBytes(TestEvents.Ndjson([Intervention(TestEvents.NewId("utf8"), u)]).TrimEnd('\n').Replace("utf8", "utf?", StringComparison.Ordinal));
        badByte[Array.IndexOf(badByte, (byte)'?')] = 0xFF;
        var surrogate = Encoding.UTF8.GetBytes(TestEvents.Ndjson([Intervention(TestEvents.NewId("sur"), u)]).TrimEnd('\n').Replace("sur", "s\\ud800r", StringComparison.Ordinal));

        var response = await Sidecar.PostAsync([.. good, (byte)'\n', .. badByte, (byte)'\n', .. surrogate], "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        AssertCounts(response, accepted: 1, duplicates: 0, rejected: 2);
        var items = response.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains("not valid UTF-8", items[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("lone surrogate", items[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        AssertReceived(before, await Sidecar.ScrapeAsync(), accepted: 1, duplicates: 0, rejected: 2);
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400WithPositionAndLine()
    {
        // The '}' at line 2 is where a value should be: byte offset 18 of the body, byte 17 of its line.
        const string Body = "[\n {\"id\":\"a1\",\"x\":}\n]";
        Assert.Equal('}', Body[18]);
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostAsync(Body, "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        AssertProblem(response, 400);
        Assert.Equal("body", response.Json.GetProperty("field").GetString());
        Assert.Equal(18, response.Json.GetProperty("position").GetInt64());
        Assert.Equal(2, response.Json.GetProperty("line").GetInt64());
        var detail = response.Json.GetProperty("detail").GetString()!;
        Assert.Contains("line 2", detail, StringComparison.Ordinal);
        Assert.Contains("byte 17", detail, StringComparison.Ordinal);
        Assert.False(response.Json.TryGetProperty("items", out _), "a body that is not JSON has no items");
        AssertReceived(before, await Sidecar.ScrapeAsync(), accepted: 0, duplicates: 0, rejected: 0);
        await Sidecar.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("{\"id\":\"a\",", 9)]
    [InlineData("{\"id\":\"a\"} {\"id\":\"b\"}", 11)]
    [InlineData("", 0)]
    [InlineData("[{\"id\":\"a\"},]", 12)]
    public async Task Post_NotJson_Returns400WithTheBytePosition(string body, long position)
    {
        var response = await Sidecar.PostAsync(body, "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        AssertProblem(response, 400);
        Assert.Equal(position, response.Json.GetProperty("position").GetInt64());
        Assert.Equal(1, response.Json.GetProperty("line").GetInt64());
        Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("detail").GetString()));
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_NdjsonWithABadLine_RejectsThatLineAndKeepsTheOthers()
    {
        var u = TestEvents.Unique();
        var first = Intervention(TestEvents.NewId("nd"), u);
        var third = Intervention(TestEvents.NewId("nd"), u);
        var body = $"{first.ToJsonString()}\r\n{{\"id\": broken\n\n{third.ToJsonString()}";
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostAsync(body, "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        AssertCounts(response, accepted: 2, duplicates: 0, rejected: 1);
        var items = response.Json.GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
        Assert.Equal("rejected", items[1].GetProperty("status").GetString());
        Assert.Equal(1, items[1].GetProperty("index").GetInt32());
        Assert.Contains("malformed JSON", items[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(TestEvents.IdOf(third), items[2].GetProperty("id").GetString());
        new ExpectedSamples().Inc("human_interventions_total", 2, "reason", $"dup-{u}").AssertChanges(before, await Sidecar.ScrapeAsync(), "NDJSON with a bad line");
    }

    [Fact]
    public async Task Post_AllBlank_Returns400()
    {
        foreach (var (body, type) in new[] { ("[]", "application/json"), ("\n \n", "application/x-ndjson") })
        {
            var response = await Sidecar.PostAsync(body, type);

            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{type} '{body}': {response}");
            AssertProblem(response, 400);
        }

        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_OverTheBodyLimitWithContentLength_Returns413AndStoresNothing()
    {
        var u = TestEvents.Unique();
        var events = Enumerable.Range(0, 200).Select(_ => Intervention(TestEvents.NewId("big"), u)).ToArray();
        var body = TestEvents.Ndjson(events);
        Assert.True(Encoding.UTF8.GetByteCount(body) > SmallBodyLimitSidecarFixture.Limit);
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostAsync(body, "application/x-ndjson");

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        AssertProblem(response, 413);
        Assert.Equal(SmallBodyLimitSidecarFixture.Limit, response.Json.GetProperty("limit_bytes").GetInt64());
        Assert.Contains("Sidecar:MaxRequestBodyBytes", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await Sidecar.ScrapeAsync();
        new ExpectedSamples().AssertChanges(before, after, "413");
        AssertReceived(before, after, accepted: 0, duplicates: 0, rejected: 0);
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_OverTheBodyLimitChunked_Returns413AndStoresNothing()
    {
        var u = TestEvents.Unique();
        var body = Encoding.UTF8.GetBytes(TestEvents.Array(Enumerable.Range(0, 200).Select(_ => Intervention(TestEvents.NewId("big"), u))));
        var before = await Sidecar.ScrapeAsync();
        using var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/events", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Sidecar.SendAsync(request);

        Assert.True(response.Status == HttpStatusCode.RequestEntityTooLarge, response.ToString());
        AssertProblem(response, 413);
        new ExpectedSamples().AssertChanges(before, await Sidecar.ScrapeAsync(), "413 chunked");
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_JustUnderTheBodyLimit_IsAccepted()
    {
        var u = TestEvents.Unique();
        var events = new List<JsonObject>();
        while (Encoding.UTF8.GetByteCount(TestEvents.Ndjson([.. events, Intervention("x", u)])) <= SmallBodyLimitSidecarFixture.Limit)
        {
            events.Add(Intervention(TestEvents.NewId("fit"), u));
        }

        var response = await Sidecar.PostNdjsonAsync([.. events]);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        AssertCounts(response, accepted: events.Count, duplicates: 0, rejected: 0);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_UnsupportedContentType_Returns415(string? contentType)
    {
        var before = await Sidecar.ScrapeAsync();

        var response = await Sidecar.PostAsync(Intervention(TestEvents.NewId("ct"), TestEvents.Unique()).ToJsonString(), contentType);

        Assert.True(response.Status == HttpStatusCode.UnsupportedMediaType, response.ToString());
        AssertProblem(response, 415);
        Assert.Equal("Content-Type", response.Json.GetProperty("field").GetString());
        Assert.Contains("application/x-ndjson", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        new ExpectedSamples().AssertChanges(before, await Sidecar.ScrapeAsync(), "415");
        await Sidecar.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/ndjson")]
    public async Task Post_ContentTypeVariants_AreAccepted(string contentType)
    {
        var response = await Sidecar.PostAsync(Intervention(TestEvents.NewId("ct"), TestEvents.Unique()).ToJsonString(), contentType);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        AssertCounts(response, accepted: 1, duplicates: 0, rejected: 0);
    }

    private static JsonObject Intervention(string id, string u) =>
        TestEvents.Make(id, "human:intervention", $"task-{u}", TestEvents.T0, new JsonObject { ["reason"] = $"dup-{u}" });

    private static JsonObject Invalid(string breakage)
    {
        var id = TestEvents.NewId("bad");
        JsonObject Typed(string type, JsonObject metadata, JsonObject? agent = null) => TestEvents.Make(id, type, "E-1", TestEvents.T0, metadata, agent);
        var e = Typed("chain:created", []);
        switch (breakage)
        {
            case "missing id": e.Remove("id"); break;
            case "empty id": e["id"] = string.Empty; break;
            case "id over 128 characters": e["id"] = new string('i', 129); break;
            case "id not a string": e["id"] = 12345; break;
            case "missing timestamp": e.Remove("timestamp"); break;
            case "timestamp not ISO 8601": e["timestamp"] = "07/12/2025 10:00"; break;
            case "timestamp without a zone": e["timestamp"] = "2025-12-07T10:00:00"; break;
            case "timestamp with an impossible date": e["timestamp"] = "2025-13-45T10:00:00Z"; break;
            case "missing eventType": e.Remove("eventType"); break;
            case "eventType not entity:action": e["eventType"] = "TaskCompleted"; break;
            case "missing entityId": e.Remove("entityId"); break;
            case "entityId a number": e["entityId"] = 42; break;
            case "metadata not an object": e["metadata"] = "none"; break;
            case "agent not an object": e["agent"] = "claude"; break;
            case "negative input tokens": e["agent"] = TestEvents.Agent("m", "impl", input: -1, output: 5); break;
            case "fractional output tokens": e["agent"] = new JsonObject { ["model"] = "m", ["tokens"] = new JsonObject { ["input"] = 1, ["output"] = 2.5 } }; break;
            case "ws:execution status not in the enum": e = Typed("ws:execution", new() { ["status"] = "RUNNING" }); break;
            case "ws:execution status in the wrong case": e = Typed("ws:execution", new() { ["status"] = "completed" }); break;
            case "ws:phase phase not in the enum": e = Typed("ws:phase", new() { ["phase"] = "deploy", ["wsExecutionId"] = "wsx" }); break;
            case "workitem:reviewed verdict not in the enum": e = Typed("workitem:reviewed", new() { ["verdict"] = "lgtm" }); break;
            case "lint:reported severity not in the enum": e = Typed("lint:reported", new() { ["severity"] = "fatal", ["count"] = 1 }); break;
            case "negative durationSeconds": e = Typed("task:completed", new() { ["durationSeconds"] = -5 }); break;
            case "negative lint count": e = Typed("lint:reported", new() { ["severity"] = "error", ["count"] = -1 }); break;
            case "coverage over 100": e = Typed("coverage:reported", new() { ["percent"] = 120 }); break;
            case "workitem:merged attempts 0": e = Typed("workitem:merged", new() { ["attempts"] = 0 }); break;
            case "lint count as a string": e = Typed("lint:reported", new() { ["severity"] = "error", ["count"] = "3" }); break;
            case "test:run passed fractional": e = Typed("test:run", new() { ["passed"] = 1.5, ["failed"] = 0 }); break;
            case "pipeline:completed success as a string": e = Typed("pipeline:completed", new() { ["stage"] = "build", ["success"] = "yes" }); break;
            case "task:completed taskType a number": e = Typed("task:completed", new() { ["taskType"] = 7 }); break;
            case "defect:detected introducedAt not a timestamp": e = Typed("defect:detected", new() { ["introducedAt"] = "yesterday" }); break;
            case "task:failed without failureType": e = Typed("task:failed", new() { ["taskType"] = "impl" }); break;
            case "llm:call without a model": e = Typed("llm:call", [], new JsonObject { ["role"] = "impl", ["tokens"] = new JsonObject { ["input"] = 1, ["output"] = 1 } }); break;
            case "bug:fixed autonomous missing": e = Typed("bug:fixed", new() { ["wsExecutionId"] = "wsx" }); break;
            default: throw new ArgumentException($"unknown breakage '{breakage}'", nameof(breakage));
        }

        return e;
    }

    private static void AssertProblem(SidecarResponse response, int status)
    {
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(status, response.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("detail").GetString()));
        Assert.Equal(JsonValueKind.String, response.Json.GetProperty("type").ValueKind);
    }

    private static void AssertCounts(SidecarResponse response, int accepted, int duplicates, int rejected)
    {
        Assert.Equal(accepted, response.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(duplicates, response.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal(rejected, response.Json.GetProperty("rejected").GetInt32());
        Assert.Equal(accepted + duplicates + rejected, response.Json.GetProperty("items").GetArrayLength());
    }

    private static void AssertReceived(MetricsSnapshot before, MetricsSnapshot after, int accepted, int duplicates, int rejected)
    {
        Assert.Equal(accepted, Delta(before, after, "agentobs_events_received_total", "outcome", "accepted"));
        Assert.Equal(duplicates, Delta(before, after, "agentobs_events_received_total", "outcome", "duplicate"));
        Assert.Equal(rejected, Delta(before, after, "agentobs_events_received_total", "outcome", "rejected"));
    }

    private static double Delta(MetricsSnapshot before, MetricsSnapshot after, string name, params string[] labels) =>
        after.ValueOrZero(name, labels) - before.ValueOrZero(name, labels);

    /// <summary>A stream HttpClient cannot know the length of, so the body goes chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
