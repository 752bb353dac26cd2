using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Observability.Sidecar.Tests.Support;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>The receiver's framing over real HTTP: encodings, gzip, chunked bodies, limits, decode errors, partial success.</summary>
public sealed class OtlpReceiverTests(OtlpReceiverTests.Fixture fixture) : IClassFixture<OtlpReceiverTests.Fixture>
{
    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task PostLogs_OtlpJsonFixture_StoredAndAnsweredWithEmptyExportResponse()
    {
        var body = Session("json-plain");

        var response = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", body, "application/json");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("application/json", response.ContentType);
        Assert.False(response.Json.TryGetProperty("partialSuccess", out _), response.Body);
        var again = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", body, "application/json");
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
    }

    [Fact]
    public async Task PostLogs_ProtobufGzipChunked_StoredAndAnsweredInProtobuf()
    {
        var request = Decode(Session("pb-gzip-chunked"));
        var before = (await Sidecar.ScrapeAsync()).ValueOrZero("agentobs_human_interventions_total", "reason", "user_reject");
        using var content = new StreamContent(new MemoryStream(OtlpHttp.Gzip(request.ToByteArray())).AsUnknownLength());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/logs", UriKind.Relative)) { Content = content };
        message.Headers.TransferEncodingChunked = true;

        using var response = await Sidecar.Http.SendAsync(message);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(ExportLogsServiceResponse.Parser.ParseFrom(bytes).PartialSuccess);
        var after = (await Sidecar.ScrapeAsync()).ValueOrZero("agentobs_human_interventions_total", "reason", "user_reject");
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task PostLogs_TruncatedProtobuf_400NamingTheDecodeError()
    {
        var bytes = Decode(Session("pb-truncated")).ToByteArray();

        var response = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", bytes[..^7], "application/x-protobuf");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains("protobuf ExportLogsServiceRequest", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("body", response.Json.GetProperty("field").GetString());
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task PostLogs_JsonWithWrongTypes_400NamingOtlpJson()
    {
        var response = await OtlpHttp.PostAsync(
            Sidecar, "/v1/logs", Encoding.UTF8.GetBytes("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}"""), "application/json");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.StartsWith("Not valid OTLP JSON", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostLogs_SomeRecordsBad_PartialSuccessWithCountAndReasonOthersKept()
    {
        var json = JsonNode.Parse(Session("partial"))!;
        var records = json["resourceLogs"]![0]!["scopeLogs"]![0]!["logRecords"]!.AsArray();

        // The second api_request reports a cost beyond the catalogue's bound: its llm:call is refused, the rest kept.
        var attributes = records[5]!["attributes"]!.AsArray();
        attributes.First(a => a!["key"]!.GetValue<string>() == "cost_usd")!["value"] = new JsonObject { ["doubleValue"] = 5e7 };

        var response = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", Encoding.UTF8.GetBytes(json.ToJsonString()), "application/json");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var partial = response.Json.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedLogRecords").GetString());
        Assert.Contains("#5 metadata.costUsd", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var metrics = await Sidecar.ScrapeAsync();
        Assert.True(metrics.Value("agentobs_agent_events_total", "agent", "claude-code", "name", "claude_code.user_prompt") >= 1, metrics.Text);
    }

    [Fact]
    public async Task PostLogs_OverTheLimit_413CompressedOrInflated()
    {
        var big = new byte[Fixture.Limit + 1];

        var plain = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", big, "application/x-protobuf");
        var chunked = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", big, "application/x-protobuf", chunked: true);
        var bomb = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", new byte[Fixture.Limit * 50], "application/x-protobuf", gzip: true);

        Assert.True(plain.Status == HttpStatusCode.RequestEntityTooLarge, plain.ToString());
        Assert.True(chunked.Status == HttpStatusCode.RequestEntityTooLarge, chunked.ToString());
        Assert.True(bomb.Status == HttpStatusCode.RequestEntityTooLarge, bomb.ToString());
        Assert.Equal(Fixture.Limit, bomb.Json.GetProperty("limit_bytes").GetInt64());
    }

    [Theory]
    [InlineData("text/plain", null, "Content-Type")]
    [InlineData("application/json", "br", "Content-Encoding")]
    public async Task PostLogs_OtherContentTypeOrEncoding_415NamingTheHeader(string contentType, string? encoding, string field)
    {
        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        var response = await Sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("v1/logs", UriKind.Relative)) { Content = content });

        Assert.True(response.Status == HttpStatusCode.UnsupportedMediaType, response.ToString());
        Assert.Equal(field, response.Json.GetProperty("field").GetString());
    }

    [Fact]
    public async Task PostLogs_DamagedGzip_400()
    {
        var gzip = OtlpHttp.Gzip(Session("gzip-damaged"));
        gzip[gzip.Length / 2] ^= 0xFF;
        using var content = new ByteArrayContent(gzip);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await Sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("v1/logs", UriKind.Relative)) { Content = content });

        Assert.True(response.Status is HttpStatusCode.BadRequest, response.ToString());
        await Sidecar.AssertStillServingAsync();
    }

    /// <summary>The Claude Code session fixture under a session id of the test's own, so tests sharing the sidecar do not collide.</summary>
    internal static byte[] Session(string session) =>
        Encoding.UTF8.GetBytes(File.ReadAllText(OtlpHttp.Fixture("claude-code-session-logs.json")).Replace("6c3d2a0e-1f4b-4c1e-9a55-0b9d4f1e2a77", session, StringComparison.Ordinal));

    private static ExportLogsServiceRequest Decode(byte[] json) =>
        Observability.Otlp.OtlpDecoder.DecodeLogs(json, Observability.Otlp.OtlpEncoding.Json);

    public sealed class Fixture : SidecarFixture
    {
        public const long Limit = 64 * 1024;

        protected override IReadOnlyList<string> Arguments => ["--Otlp:MaxRequestBodyBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }
}
