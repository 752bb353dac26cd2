using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// One completion line per request (Serilog's request logging), read from the real sidecar's standard output: requests
/// at Information, probes and scrapes at Debug so that a kubelet or Prometheus polling them does not fill the log.
/// </summary>
public sealed class RequestLogTests
{
    private static readonly string[] Polled = ["/health", "/readiness", "/startup", "/metrics"];

    [Fact]
    public async Task RequestLog_DefaultLevels_OneLinePerRequestAndNoneForProbesOrScrapes()
    {
        using var directory = new TempDirectory("request-log");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { QuietRequestLogs = false });

        await ExerciseAsync(sidecar);
        Assert.Equal(0, await sidecar.StopAsync());

        var lines = sidecar.Output.Split('\n');
        Assert.Single(lines, l => l.Contains(" INF Serilog.AspNetCore.RequestLoggingMiddleware: HTTP POST /api/v1/events responded 200 in ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(" INF Serilog.AspNetCore.RequestLoggingMiddleware: HTTP GET /version responded 200 in ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(" INF Serilog.AspNetCore.RequestLoggingMiddleware: HTTP GET /api/v1/nothing responded 404 in ", StringComparison.Ordinal));
        foreach (var path in Polled)
        {
            Assert.DoesNotContain(lines, l => l.Contains($"HTTP GET {path} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RequestLog_JsonLogsAtDebug_ProbesAndScrapesAtDebugRequestsAtInformationInClef()
    {
        using var directory = new TempDirectory("request-log-json");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Sidecar:JsonLogs", "true", "--Serilog:MinimumLevel:Default", "Debug"],
            QuietRequestLogs = false,
        });

        await ExerciseAsync(sidecar);
        Assert.Equal(0, await sidecar.StopAsync());

        var events = sidecar.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var requests = events.Where(e => e.TryGetProperty("RequestPath", out _) && e.TryGetProperty("StatusCode", out _)).ToList();
        var post = Assert.Single(requests, r => r.GetProperty("RequestPath").GetString() == "/api/v1/events");
        Assert.Equal("POST", post.GetProperty("RequestMethod").GetString());
        Assert.Equal(200, post.GetProperty("StatusCode").GetInt32());
        Assert.False(post.TryGetProperty("@l", out _), "Information has no @l in CLEF");
        Assert.True(DateTimeOffset.TryParse(post.GetProperty("@t").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        Assert.Equal("Serilog.AspNetCore.RequestLoggingMiddleware", post.GetProperty("SourceContext").GetString());
        Assert.True(post.GetProperty("Elapsed").GetDouble() >= 0);
        foreach (var path in Polled)
        {
            var probes = requests.Where(r => r.GetProperty("RequestPath").GetString() == path).ToList();
            Assert.NotEmpty(probes);
            Assert.All(probes, p => Assert.Equal("Debug", p.GetProperty("@l").GetString()));
        }
    }

    [Fact]
    public async Task RequestLog_ReadinessFailingWhileProbed_NoWarningOrErrorLinePerProbe()
    {
        // The disk floor above any disk: /readiness answers 503 to every probe for as long as the sidecar runs. Each
        // answer says why; the log must not repeat it at every probe (the health-check service logs Error by default).
        using var directory = new TempDirectory("request-log-probes");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Sidecar:MinFreeDiskBytes", long.MaxValue.ToString(CultureInfo.InvariantCulture)],
            WaitUntilReady = false,
            QuietRequestLogs = false,
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await sidecar.GetAsync("/readiness")).Status);
            Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/health")).Status);
        }

        Assert.Equal(0, await sidecar.StopAsync());
        Assert.DoesNotContain(sidecar.Output.Split('\n'), l => l.Contains(" ERR ", StringComparison.Ordinal) || l.Contains(" WRN ", StringComparison.Ordinal));
    }

    private static async Task ExerciseAsync(SidecarProcess sidecar)
    {
        var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("rl"), "task:started", "t-request-log", DateTimeOffset.UtcNow, new JsonObject()));
        Assert.True(post.Status == HttpStatusCode.OK, post.ToString());
        Assert.Equal(HttpStatusCode.OK, (await sidecar.GetAsync("/version")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sidecar.GetAsync("/api/v1/nothing")).Status);
        foreach (var path in Polled)
        {
            await sidecar.GetAsync(path);
        }
    }
}
