using System.Globalization;
using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>
/// Daily event quotas per token: a request that would pass the quota is refused whole with 429 and the seconds to the
/// next UTC midnight; a token's own quota overrides the default; the day's usage survives the process being killed.
/// </summary>
public sealed class EventQuotaTests
{
    [Fact]
    public async Task EventQuota_TokenReachesItsDailyQuota_Answers429UntilMidnightAndAKilledProcessKeepsTheUsage()
    {
        using var directory = new TempDirectory("event-quota");
        var data = directory.Combine("data");
        var arguments = TestTokens.Arguments([TestTokens.Ingest, TestTokens.All]);
        arguments.AddRange(["--Limits:EventsPerDay", "10", "--Auth:Tokens:1:EventsPerDay", "100"]);
        var start = new SidecarStart(data) { Arguments = arguments };
        var crossBatch = EventRateLimitTests.Batch("quota-cross", 5);
        var afterBatch = EventRateLimitTests.Batch("quota-after", 1);
        SidecarResponse crossing;
        await using (var sidecar = await SidecarProcess.StartAsync(start))
        {
            var six = EventRateLimitTests.Batch("quota-six", 6);
            var accepted = await EventRateLimitTests.PostAsync(sidecar, TestTokens.Ingest, six);
            // A request is reserved whole, then its duplicates are given back: four of the six again use nothing.
            var duplicateOnly = await EventRateLimitTests.PostAsync(sidecar, TestTokens.Ingest, six.Take(4));
            crossing = await EventRateLimitTests.PostAsync(sidecar, TestTokens.Ingest, crossBatch);
            var filling = await EventRateLimitTests.PostAsync(sidecar, TestTokens.Ingest, EventRateLimitTests.Batch("quota-fill", 4));
            var overridden = await EventRateLimitTests.PostAsync(sidecar, TestTokens.All, EventRateLimitTests.Batch("quota-own", 30));

            Assert.True(accepted.Status == HttpStatusCode.OK, accepted.ToString());
            Assert.True(duplicateOnly.Status == HttpStatusCode.OK, duplicateOnly.ToString());
            Assert.Equal(4, duplicateOnly.Json.GetProperty("duplicates").GetInt32());
            AssertQuotaRefusal(crossing, used: 6, requested: 5);
            Assert.True(filling.Status == HttpStatusCode.OK, $"exactly the quota fits: {filling}");
            Assert.True(overridden.Status == HttpStatusCode.OK, $"the token's own EventsPerDay overrides Limits:EventsPerDay: {overridden}");

            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(10, metrics.Value("agentobs_quota_used_events", "token", "runner"));
            Assert.Equal(10, metrics.Value("agentobs_quota_limit_events", "token", "runner"));
            Assert.Equal(30, metrics.Value("agentobs_quota_used_events", "token", "everything"));
            Assert.Equal(100, metrics.Value("agentobs_quota_limit_events", "token", "everything"));
            Assert.Equal(1, metrics.Value("agentobs_quota_refused_requests_total", "token", "runner"));
            Assert.Equal(0, metrics.Value("agentobs_quota_refused_requests_total", "token", "everything"));
            await sidecar.AssertOutputContainsAsync("reached its daily event quota");

            // Killed, not stopped: the usage is on disk before the answer.
            await sidecar.KillAsync();
        }

        await using (var restarted = await SidecarProcess.StartAsync(start))
        {
            var one = await EventRateLimitTests.PostAsync(restarted, TestTokens.Ingest, afterBatch);
            AssertQuotaRefusal(one, used: 10, requested: 1);
            var metrics = await restarted.ScrapeAsync();
            Assert.Equal(10, metrics.Value("agentobs_quota_used_events", "token", "runner"));
            Assert.Equal(30, metrics.Value("agentobs_quota_used_events", "token", "everything"));
            Assert.Equal(1, metrics.Value("agentobs_quota_refused_requests_total", "token", "runner"));
        }

        // The refused requests stored nothing: with the quota lifted, the crossing batch is new.
        await using (var unlimited = await SidecarProcess.StartAsync(new SidecarStart(data) { Arguments = TestTokens.Arguments([TestTokens.Ingest, TestTokens.All]) }))
        {
            var again = await EventRateLimitTests.PostAsync(unlimited, TestTokens.Ingest, [.. crossBatch, .. afterBatch]);
            Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
            Assert.Equal(6, again.Json.GetProperty("accepted").GetInt32());
            Assert.Equal(0, again.Json.GetProperty("duplicates").GetInt32());
            Assert.Equal(0, (await unlimited.ScrapeAsync()).Value("agentobs_quota_limit_events", "token", "runner"));
        }
    }

    [Fact]
    public async Task EventQuota_NegativeSettings_StopTheSidecarNamingThem()
    {
        using var directory = new TempDirectory("event-quota-options");
        var arguments = TestTokens.Arguments([TestTokens.Ingest]);
        arguments.AddRange(["--Auth:Tokens:0:EventsPerDay", "-5"]);
        var (tokenExit, tokenOutput) = await SidecarProcess.RunToExitAsync(new SidecarStart(directory.Combine("a")) { Arguments = arguments }, TimeSpan.FromSeconds(60));
        var (limitExit, limitOutput) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("b")) { Arguments = ["--Limits:EventsPerSecond", "-1"] }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, tokenExit);
        Assert.Contains("Auth:Tokens:0: RequestsPerSecond, EventsPerSecond and EventsPerDay must not be negative", tokenOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, limitExit);
        Assert.Contains("Limits:EventsPerSecond, Limits:EventsBurst and Limits:EventsPerDay must not be negative", limitOutput, StringComparison.Ordinal);
    }

    private static void AssertQuotaRefusal(SidecarResponse answer, long used, int requested)
    {
        Assert.True(answer.Status == HttpStatusCode.TooManyRequests, answer.ToString());
        Assert.Equal("application/problem+json", answer.ContentType);
        var now = DateTimeOffset.UtcNow;
        var toMidnight = (new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now).TotalSeconds;
        var retryAfter = int.Parse(answer.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, toMidnight - 5, toMidnight + 5);
        Assert.Equal("events_per_day", answer.Json.GetProperty("limit").GetString());
        Assert.Equal(10, answer.Json.GetProperty("events_per_day").GetInt64());
        Assert.Equal(used, answer.Json.GetProperty("used_events").GetInt64());
        Assert.Equal(requested, answer.Json.GetProperty("request_events").GetInt32());
        Assert.Equal(retryAfter, answer.Json.GetProperty("retry_after_seconds").GetInt32());
        Assert.Contains("midnight UTC", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
