using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>
/// The secure default of the sidecar pattern, from an address that is not loopback: the sidecar and a client run in a
/// network namespace of the test's own, the client calling once through 127.0.0.1 and once through
/// <see cref="NetworkNamespace.OutsideAddress"/>.
/// </summary>
public sealed class LoopbackDefaultTests
{
    private const int Port = 9464;

    // Reads requests as JSON lines on the command line; waits for readiness; prints one "ANSWER {json}" line each.
    private const string Client = """
        import json, sys, time, urllib.request, urllib.error
        def send(method, url, headers, body):
            data = body.encode() if body is not None else None
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, dict(response.headers), response.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, dict(e.headers), e.read().decode()
        deadline = time.time() + 30
        while True:
            try:
                if send("GET", sys.argv[1], {}, None)[0] == 200:
                    break
            except Exception as e:
                if time.time() > deadline:
                    raise
            time.sleep(0.1)
        for line in sys.argv[2:]:
            r = json.loads(line)
            status, headers, body = send(r["method"], r["url"], r.get("headers", {}), r.get("body"))
            print("ANSWER " + json.dumps({"status": status, "headers": headers, "body": body}), flush=True)
        """;

    private static readonly string Event = TestEvents.Make("loopback-1", "chain:created", "CHAIN-LB", TestEvents.T0).ToJsonString();

    [Fact]
    public async Task NoTokenConfigured_WritesAndReadsFromOutside_AreRefusedWithHowToConfigureAToken()
    {
        using var directory = new TempDirectory("loopback-default");
        var answers = await RunAsync(directory, [],
            Post("127.0.0.1", "/api/v1/events", Event),
            Post(NetworkNamespace.OutsideAddress, "/api/v1/events", Event),
            Get(NetworkNamespace.OutsideAddress, "/api/v1/summary"),
            Get("127.0.0.1", "/api/v1/summary"),
            Get(NetworkNamespace.OutsideAddress, "/health"),
            Get(NetworkNamespace.OutsideAddress, "/readiness"),
            Get(NetworkNamespace.OutsideAddress, "/metrics"));

        Assert.Equal(200, Status(answers[0]));
        Assert.Equal(401, Status(answers[1]));
        var refusal = JsonNode.Parse(answers[1]["body"]!.GetValue<string>())!;
        Assert.Contains("Auth:Tokens", refusal["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("loopback", refusal["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Bearer", answers[1]["headers"]!["WWW-Authenticate"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(401, Status(answers[2]));
        Assert.Equal(200, Status(answers[3]));
        Assert.Equal(200, Status(answers[4]));
        Assert.Equal(200, Status(answers[5]));
        Assert.Equal(200, Status(answers[6]));
    }

    [Fact]
    public async Task AnonymousReadOn_ReadFromOutside_IsAnsweredButWritesStayRefused()
    {
        using var directory = new TempDirectory("loopback-read");
        var answers = await RunAsync(directory, ["--Auth:AnonymousRead", "true"],
            Get(NetworkNamespace.OutsideAddress, "/api/v1/summary"),
            Post(NetworkNamespace.OutsideAddress, "/api/v1/events", Event));

        Assert.Equal(200, Status(answers[0]));
        Assert.Equal(401, Status(answers[1]));
    }

    [Fact]
    public async Task TokenConfigured_WriteFromOutsideWithIt_IsStoredAndLoopbackWithoutOneIsRefused()
    {
        using var directory = new TempDirectory("loopback-token");
        var headers = new JsonObject { ["Authorization"] = $"Bearer {TestTokens.Ingest.Secret}", ["Content-Type"] = "application/json" };
        var answers = await RunAsync(directory, TestTokens.Arguments([TestTokens.Ingest]),
            Post(NetworkNamespace.OutsideAddress, "/api/v1/events", Event, headers),
            Post("127.0.0.1", "/api/v1/events", TestEvents.Make("loopback-2", "chain:created", "CHAIN-LB", TestEvents.T0).ToJsonString()));

        Assert.Equal(200, Status(answers[0]));
        Assert.Equal(401, Status(answers[1]));
    }

    private static int Status(JsonNode answer) => answer["status"]!.GetValue<int>();

    private static string Url(string host, string path) => $"http://{host}:{Port.ToString(CultureInfo.InvariantCulture)}{path}";

    private static JsonObject Get(string host, string path) => new() { ["method"] = "GET", ["url"] = Url(host, path) };

    private static JsonObject Post(string host, string path, string body, JsonObject? headers = null) => new()
    {
        ["method"] = "POST",
        ["url"] = Url(host, path),
        ["body"] = body,
        ["headers"] = headers ?? new JsonObject { ["Content-Type"] = "application/json" },
    };

    private static async Task<List<JsonNode>> RunAsync(TempDirectory directory, IReadOnlyList<string> settings, params JsonObject[] requests)
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        var data = directory.Combine("data");
        Directory.CreateDirectory(data);
        await using var sidecar = ns.Start(
            "dotnet",
            [Artifacts.SidecarDll, "--urls", Url("0.0.0.0", string.Empty), "--Sidecar:DataDirectory", data, .. settings],
            data,
            new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var script = directory.Combine("client.py");
        await File.WriteAllTextAsync(script, Client);
        var output = await ns.RunToEndAsync(
            TimeSpan.FromSeconds(60), "/usr/bin/python3", [script, Url("127.0.0.1", "/readiness"), .. requests.Select(r => r.ToJsonString())]);
        var answers = output.Split('\n')
            .Where(l => l.StartsWith("ANSWER ", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l["ANSWER ".Length..])!)
            .ToList();
        Assert.True(answers.Count == requests.Length, $"{answers.Count} answers to {requests.Length} requests: {output}\nSidecar:\n{sidecar.Output}");
        await sidecar.SignalAsync("TERM");
        await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
        return answers;
    }
}
