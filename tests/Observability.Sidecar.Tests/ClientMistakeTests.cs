using System.Net;
using System.Net.Sockets;
using System.Text;
using Observability.Sidecar.Tests.Analytics;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// A client's mistakes are answered 4xx, never 500, and never logged as errors with a stack trace: unreadable text in a
/// WS-METRICS record (a lone surrogate escape or invalid UTF-8), a malformed chunked body, a body slower than Kestrel's
/// minimum data rate. The chunked and slow bodies go over raw sockets, as no HTTP client sends them.
/// </summary>
public sealed class ClientMistakeTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private SidecarProcess Sidecar => fixture.Sidecar;

    /// <summary>A record body with one field's text broken: where, the field the answer must name.</summary>
    public static TheoryData<string, string, string> UnreadableText => new()
    {
        { "/api/v1/metrics/ws-execution", """{"status":"STARTED","ws_id":"WS-\ud800"}""", "ws_id" },
        { "/api/v1/metrics/ws-execution", "{\"status\":\"STARTED\",\"ws_id\":\"WS-\xFF\"}", "ws_id" },
        { "/api/v1/metrics/ws-execution", """{"status":"STARTED","test_metrics":{"written":1},"file_metrics":{"created":["a","b\udc00"]}}""", "file_metrics.created" },
        { "/api/v1/metrics/ws-execution", """{"execution_id":"x","phase":{"event_id":"p\ud800","name":"verify"}}""", "phase.event_id" },
        { "/api/v1/metrics/ws-execution", """{"status":"STARTED","started_at":"2026-01-01T00:00:00Z\ud800"}""", "started_at" },
        { "/api/v1/metrics/ws-execution", """{"status":"STARTED","ws_\ud800":1}""", "body" },
        { "/api/v1/metrics/bug-fix", """{"ws_execution_id":"run-x","autonomous":true,"description":"bad \ud800 text"}""", "description" },
        { "/api/v1/metrics/bug-fix", "{\"ws_execution_id\":\"run-\xC3\",\"autonomous\":true}", "ws_execution_id" },
    };

    [Theory]
    [MemberData(nameof(UnreadableText))]
    public async Task RunRecords_UnreadableTextInAField_Answers400NamingTheField(string path, string body, string field)
    {
        var logged = Sidecar.Output.Length;

        var response = await Sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative))
        {
            Content = Json(Latin1Bytes(body)),
        });

        AnalyticsHttp.AssertProblem(response, HttpStatusCode.BadRequest, field);
        AssertNoErrorLogged(logged);
        await Sidecar.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("/api/v1/events", "application/x-ndjson")]
    [InlineData("/api/v1/metrics/ws-execution", "application/json")]
    public async Task Post_MalformedChunkedBody_Answers400(string path, string contentType)
    {
        var logged = Sidecar.Output.Length;
        var request = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\n{\"a\":\r\nzz-not-a-size\r\n\r\n";

        var (status, answer) = await RawAsync(request, slowTail: null);

        Assert.True(status == 400, $"expected 400, got: {answer}");
        AssertNoErrorLogged(logged);
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Post_BodySlowerThanTheMinimumDataRate_Answers408()
    {
        // Kestrel's default minimum is 240 bytes/s after a 5 s grace period: 40 bytes of a promised 4,000, then nothing.
        var logged = Sidecar.Output.Length;
        var request = "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: 4000\r\n\r\n";

        var (status, answer) = await RawAsync(request, slowTail: "{\"id\":\"slow\",\"timestamp\":\"2026-01-01T00");

        Assert.True(status == 408, $"expected 408, got: {answer}");
        AssertNoErrorLogged(logged);
        await Sidecar.AssertStillServingAsync();
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    // The theory data spells invalid UTF-8 as chars U+0080..U+00FF: each of those is sent as that one byte, the rest as UTF-8.
    private static byte[] Latin1Bytes(string text)
    {
        var bytes = new List<byte>();
        foreach (var c in text)
        {
            if (c is >= '\u0080' and <= '\u00FF')
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }

    /// <summary>Sends <paramref name="request"/> as it is (and then <paramref name="slowTail"/>, holding the rest back); returns the status and what came back.</summary>
    private async Task<(int Status, string Answer)> RawAsync(string request, string? slowTail)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        await client.ConnectAsync(IPAddress.Loopback, Sidecar.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        if (slowTail is not null)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(slowTail), timeout.Token);
        }

        var answer = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (HasWholeAnswer(answer.ToString()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server may reset the connection after its answer.
        }

        var text = answer.ToString();
        var parts = text.Split(' ', 3);
        return (parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : 0, text);
    }

    private static bool HasWholeAnswer(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var headers = text[..end];
        var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null || text.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void AssertNoErrorLogged(int from)
    {
        var output = Sidecar.Output[from..];
        Assert.False(output.Contains(" ERR ", StringComparison.Ordinal) || output.Contains(" FTL ", StringComparison.Ordinal), $"an error was logged:\n{output}");
        Assert.False(output.Contains("   at ", StringComparison.Ordinal), $"a stack trace was logged:\n{output}");
    }
}
