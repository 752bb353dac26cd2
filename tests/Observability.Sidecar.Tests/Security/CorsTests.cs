using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>CORS: off by default; with Cors:AllowedOrigins, preflights and headers for those origins only.</summary>
public sealed class CorsTests
{
    private const string Allowed = "http://dashboard.example.test:8080";
    private const string Other = "http://evil.example.test";

    [Fact]
    public async Task Cors_OriginsConfigured_PreflightAndHeadersForThemOnly()
    {
        using var directory = new TempDirectory("cors-on");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Cors:AllowedOrigins:0", Allowed, "--Auth:AnonymousRead", "true"],
        });

        var preflight = await sidecar.SendAsync(Preflight(Allowed));
        Assert.True(preflight.Status is HttpStatusCode.NoContent or HttpStatusCode.OK, preflight.ToString());
        Assert.Equal(Allowed, Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(preflight, "Access-Control-Allow-Methods") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("authorization", (Header(preflight, "Access-Control-Allow-Headers") ?? string.Empty).ToLowerInvariant(), StringComparison.Ordinal);

        var read = await sidecar.SendAsync(Get(Allowed));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(Allowed, Header(read, "Access-Control-Allow-Origin"));

        var otherPreflight = await sidecar.SendAsync(Preflight(Other));
        Assert.Null(Header(otherPreflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(otherPreflight, "Access-Control-Allow-Methods"));
        var otherRead = await sidecar.SendAsync(Get(Other));
        Assert.Equal(HttpStatusCode.OK, otherRead.Status);
        Assert.Null(Header(otherRead, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_Default_NoCorsHeadersEvenForAPreflight()
    {
        using var directory = new TempDirectory("cors-off");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = ["--Auth:AnonymousRead", "true"] });

        var preflight = await sidecar.SendAsync(Preflight(Allowed));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        var read = await sidecar.SendAsync(Get(Allowed));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Null(Header(read, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_OriginWithAPath_StopsTheSidecarNamingTheSetting()
    {
        using var directory = new TempDirectory("cors-bad");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--Cors:AllowedOrigins:0", "https://dashboard.example.test/app"], WaitUntilReady = false },
            TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Cors:AllowedOrigins", output, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri("api/v1/events", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private static HttpRequestMessage Get(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/summary", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? Header(SidecarResponse response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.ContentHeaders.TryGetValues(name, out var content) ? string.Join(",", content) : null;
}
