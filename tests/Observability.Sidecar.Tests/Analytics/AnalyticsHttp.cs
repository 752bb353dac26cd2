using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>A sidecar with a price table: <c>priced-m</c> at 3 $ per million input and 15 $ per million output tokens.</summary>
public class PricedSidecarFixture : SidecarFixture
{
    protected override IReadOnlyList<string> Arguments =>
    [
        "--Analytics:Prices:0:Model", "priced-m",
        "--Analytics:Prices:0:InputPerMillion", "3",
        "--Analytics:Prices:0:OutputPerMillion", "15",
    ];
}

/// <summary>Requests and checks the analytics endpoints share.</summary>
internal static class AnalyticsHttp
{
    public static async Task<SidecarResponse> PostJsonAsync(this SidecarProcess sidecar, string path, JsonNode body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content });
    }

    /// <summary>GETs <paramref name="path"/> and fails unless it answers 200 JSON.</summary>
    public static async Task<JsonElement> GetJsonAsync(this SidecarProcess sidecar, string path)
    {
        var response = await sidecar.GetAsync(path);
        Assert.True(response.Status == HttpStatusCode.OK && response.ContentType == "application/json", $"GET {path}: {response}");
        return response.Json;
    }

    /// <summary>Fails unless <paramref name="response"/> is a problem+json with <paramref name="status"/> naming <paramref name="field"/>.</summary>
    public static void AssertProblem(SidecarResponse response, HttpStatusCode status, string field)
    {
        Assert.True(response.Status == status, $"expected {(int)status}, got {response}");
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal((int)status, response.Json.GetProperty("status").GetInt32());
        Assert.Equal(field, response.Json.GetProperty("field").GetString());
        Assert.Contains(field, response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static double Number(this JsonElement e, string name) => e.GetProperty(name).GetDouble();

    public static bool IsNull(this JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null;

    public static JsonObject Start(string id, string wp, DateTimeOffset at, string ws = "WS-T") => new()
    {
        ["execution_id"] = id, ["ws_id"] = ws, ["wp_id"] = wp, ["executor"] = "claude_code", ["status"] = "STARTED", ["started_at"] = Iso(at),
    };

    public static JsonObject Finish(string id, string status, DateTimeOffset at, int? rework = null)
    {
        var body = new JsonObject { ["execution_id"] = id, ["status"] = status, ["completed_at"] = Iso(at) };
        if (rework is not null)
        {
            body["rework_cycles"] = rework;
        }

        return body;
    }

    public static JsonObject Phase(string id, string eventId, string name, DateTimeOffset started, DateTimeOffset completed, string result = "pass") => new()
    {
        ["execution_id"] = id,
        ["phase"] = new JsonObject
        {
            ["event_id"] = eventId, ["name"] = name, ["started_at"] = Iso(started), ["completed_at"] = Iso(completed), ["result"] = result,
        },
    };

    public static JsonObject LlmCall(string id, string model, long input, long output, DateTimeOffset at, string? execution, double? cost = null, string? phase = null)
    {
        var metadata = new JsonObject();
        if (phase is not null)
        {
            metadata["phase"] = phase;
        }

        if (execution is not null)
        {
            metadata["wsExecutionId"] = execution;
        }

        if (cost is not null)
        {
            metadata["costUsd"] = cost;
        }

        return TestEvents.Make(id, "llm:call", id, at, metadata, new JsonObject { ["model"] = model, ["tokens"] = new JsonObject { ["input"] = input, ["output"] = output } });
    }

    /// <summary>Posts and fails unless the answer is <paramref name="expected"/>.</summary>
    public static async Task<JsonElement> PostOkAsync(this SidecarProcess sidecar, string path, JsonNode body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await sidecar.PostJsonAsync(path, body);
        Assert.True(response.Status == expected, $"POST {path} {body.ToJsonString()}: {response}");
        return response.Json;
    }
}
