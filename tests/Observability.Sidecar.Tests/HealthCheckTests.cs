using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The probes as ASP.NET Core health checks, beyond the shapes <see cref="ProbeTests"/> checks: answers a cache must
/// not keep (a cached 200 would hide a sidecar that stopped being ready), and GET only, as before.
/// </summary>
public sealed class HealthCheckTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/readiness")]
    [InlineData("/startup")]
    public async Task Probe_Answer_IsNotCacheable(string path)
    {
        var answer = await fixture.Sidecar.GetAsync(path);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.True(answer.Headers.CacheControl is { NoStore: true, NoCache: true }, $"Cache-Control: {answer.Headers.CacheControl}");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/readiness")]
    [InlineData("/startup")]
    public async Task Probe_Post_Answers405ProblemNamingGet(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative));
        var answer = await fixture.Sidecar.SendAsync(request);

        Assert.True(answer.Status == HttpStatusCode.MethodNotAllowed, answer.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("GET", answer.Json.GetProperty("allow").GetString());
    }
}
