using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>Request rates per token and per address: 429 with Retry-After over the bucket; probes and /metrics exempt; counted.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task RateLimit_TokenOverItsRequestsPerSecond_Answers429WithRetryAfterAndIsCounted()
    {
        using var directory = new TempDirectory("rate-token");
        var arguments = TestTokens.Arguments([TestTokens.Read, TestTokens.All]);
        arguments.AddRange(["--Auth:Tokens:0:RequestsPerSecond", "2", "--Limits:RequestsPerSecond", "1000"]);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments });

        var answers = new List<SidecarResponse>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/summary", UriKind.Relative)), TestTokens.Read));
        }

        var other = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/summary", UriKind.Relative)), TestTokens.All);
        var probes = new List<SidecarResponse>();
        for (var i = 0; i < 30; i++)
        {
            probes.Add(await sidecar.GetAsync(i % 2 == 0 ? "/health" : "/metrics"));
        }

        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(limited, a =>
        {
            Assert.True(int.Parse(a.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.Equal("application/problem+json", a.ContentType);
        });
        Assert.True(other.Status == HttpStatusCode.OK, $"another token has its own bucket: {other}");
        Assert.All(probes, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(limited.Count, metrics.Value("agentobs_rate_limited_requests_total", "token", "dashboard"));
        Assert.Equal(0, metrics.Value("agentobs_rate_limited_requests_total", "token", "everything"));
        Assert.Equal(0, metrics.Value("agentobs_rate_limited_requests_total", "token", "anonymous"));
    }

    [Fact]
    public async Task RateLimit_AnonymousLoopbackWriterOverTheRate_Answers429()
    {
        using var directory = new TempDirectory("rate-address");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = ["--Limits:RequestsPerSecond", "1", "--Limits:Burst", "2"] });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("rate"), "chain:created", "CHAIN-RATE", TestEvents.T0))).Status);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True((await sidecar.ScrapeAsync()).Value("agentobs_rate_limited_requests_total", "token", "anonymous") >= 1);
    }
}
