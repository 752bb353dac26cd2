using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Threshold-crossing webhooks over the real sidecar process and a real receiver on 127.0.0.1: delivery is driven
/// from the crossings stored in the log, at least once and in log order, across a receiver outage and a sidecar
/// kill, signed the Standard Webhooks way; a receiver failing past <c>Webhooks:MaxRetryHours</c> has the crossing
/// dead-lettered and counted. A first-pass window of one merge makes every change of outcome a crossing.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Crossings_ReceiverDown30sAndSidecarKilledMidway_EachArrivesAtLeastOnceInLogOrderSigned()
    {
        using var directory = new TempDirectory("webhook-outage");
        var data = directory.Combine("data");
        using var hook = new WebhookReceiver([]) { Answer = HttpStatusCode.InternalServerError };
        var start = new SidecarStart(data)
        {
            Arguments =
            [
                "--Windows:FirstPassWindow", "1", "--Webhooks:Urls:0", hook.Url, "--Webhooks:Secret", Secret,
                "--Webhooks:BaseDelaySeconds", "0.2", "--Webhooks:MaxDelaySeconds", "2", "--Webhooks:PollSeconds", "0.2",
            ],
        };
        var testStart = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var outage = Stopwatch.StartNew();

        // The receiver answers 500 while the first sidecar stores six crossings, then its port closes (connections
        // refused), then the sidecar is killed (no clean stop) half way through the outage.
        int requestsWhileOpen;

        // By then the first sidecar has seen the first crossing: it has tried to deliver it.
        TimeSpan firstSeen;
        await using (var first = await SidecarProcess.StartAsync(start))
        {
            Assert.Equal(6, (await first.PostNdjsonAsync(Merges(1, 6))).Json.GetProperty("accepted").GetInt32());
            await WaitUntilAsync(() => CrossingIds(data).Count == 6 && hook.Requests.Count >= 3, "six stored crossings and failed attempts", first);
            firstSeen = outage.Elapsed;
            await UntilAsync(outage, TimeSpan.FromSeconds(10));
            hook.Close();
            requestsWhileOpen = hook.Requests.Count;
            await UntilAsync(outage, TimeSpan.FromSeconds(15));
            await first.KillAsync();
        }

        // The second sidecar stores four more while the port is still closed.
        await using var second = await SidecarProcess.StartAsync(start);
        Assert.Equal(4, (await second.PostNdjsonAsync(Merges(7, 4))).Json.GetProperty("accepted").GetInt32());
        await WaitUntilAsync(() => CrossingIds(data).Count == 10, "ten stored crossings", second);
        await WaitUntilAsync(() => second.Output.Contains("Connection refused", StringComparison.Ordinal), "refused attempts", second);
        await UntilAsync(outage, TimeSpan.FromSeconds(30));

        // The loop counts the four new crossings and retries on its next turns, after the refusal logged above: a second
        // start slow enough to reach the 30 s mark already may scrape before them, so scrape until the receiver's down
        // state is there (the time is taken before each scrape, for the age below).
        TimeSpan scraped;
        MetricsSnapshot down;
        var giveUp = outage.Elapsed + Patience;
        while (true)
        {
            scraped = outage.Elapsed;
            down = await second.ScrapeAsync();
            if ((down.Value("agentobs_webhook_pending_crossings", "receiver", "0") == 10
                    && down.ValueOrZero("agentobs_webhook_attempts_total", "receiver", "0", "result", "failure") >= 2)
                || outage.Elapsed > giveUp)
            {
                break;
            }

            await Task.Delay(100);
        }
        Assert.Equal(requestsWhileOpen, hook.Requests.Count);
        Assert.All(hook.Requests, r => Assert.Equal(500, r.AnsweredWith));

        hook.Answer = HttpStatusCode.OK;
        await hook.ReopenAsync();
        var ids = CrossingIds(data);
        await WaitUntilAsync(() => ids.All(id => hook.Requests.Any(r => r.AnsweredWith == 200 && EventId(r) == id)), "every crossing answered 200", second);

        // While the receiver was down, all ten waited, counted, and the oldest since the first sidecar saw it (the
        // restart does not reset the age).
        Assert.Equal(10, down.Value("agentobs_webhook_pending_crossings", "receiver", "0"));
        Assert.True(down.ValueOrZero("agentobs_webhook_attempts_total", "receiver", "0", "result", "failure") >= 2, down.Text);
        Assert.Equal(0, down.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered"));
        // (The gauge is refreshed each turn of the loop, every 0.2 s here, hence the margin.)
        var waited = down.Value("agentobs_webhook_oldest_pending_age_seconds", "receiver", "0");
        var atLeast = (scraped - firstSeen).TotalSeconds - 2;
        Assert.True(waited >= atLeast, $"oldest pending age {waited} s, but the first crossing has waited at least {atLeast} s");

        // At least once and in log order: every attempt is of the crossing at the position or a later one.
        var requests = hook.Requests;
        var order = requests.Select(r => ids.IndexOf(EventId(r))).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.True(order.Zip(order.Skip(1)).All(p => p.First <= p.Second), "attempts out of log order: " + string.Join(",", order));
        Assert.Equal(ids, requests.Where(r => r.AnsweredWith == 200).Select(EventId).Distinct());

        // Every attempt is signed, checked by an independent HMAC (Python's), and keeps the crossing's id.
        var python = await PythonWebhookSigner.SignAsync(
            [.. requests.Select(r => new SigningInput(Secret, r.Header("webhook-id")!, long.Parse(r.Header("webhook-timestamp")!, CultureInfo.InvariantCulture), r.Body, EventId(r)))]);
        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(python[i].Signature, requests[i].Header("webhook-signature"));
            Assert.Equal(python[i].MessageId, requests[i].Header("webhook-id"));
            Assert.Equal(python[i].MessageId, requests[i].Header("Idempotency-Key"));
            Assert.InRange(long.Parse(requests[i].Header("webhook-timestamp")!, CultureInfo.InvariantCulture), testStart, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }

        // The pending gauge drops before the tenth delivery is counted: wait for both.
        var after = await second.ScrapeUntilAsync(
            Patience,
            m => m.Value("agentobs_webhook_pending_crossings", "receiver", "0") == 0
                && m.ValueOrZero("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered") == 10);
        Assert.Equal(0, after.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "dead_lettered"));
        Assert.Equal(0, after.Value("agentobs_webhook_oldest_pending_age_seconds", "receiver", "0"));
    }

    [Fact]
    public async Task Crossing_ReceiverFailingPastMaxRetryHours_DeadLetteredCountedLoggedAndTheNextDelivered()
    {
        using var directory = new TempDirectory("webhook-dead");
        using var hook = new WebhookReceiver([]) { Answer = HttpStatusCode.InternalServerError };
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            // 0.0005 h is 1.8 s of failures.
            Arguments =
            [
                "--Windows:FirstPassWindow", "1", "--Webhooks:Urls:0", hook.Url, "--Webhooks:MaxRetryHours", "0.0005",
                "--Webhooks:BaseDelaySeconds", "0.2", "--Webhooks:MaxDelaySeconds", "0.5", "--Webhooks:PollSeconds", "0.2",
            ],
        });

        await sidecar.PostNdjsonAsync(Merges(1, 1));
        // The pending gauge drops before the outcome is counted; the scrape may still fall between the two families.
        await sidecar.ScrapeUntilAsync(
            Patience,
            m => m.ValueOrZero("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "dead_lettered") == 1
                && m.Value("agentobs_webhook_pending_crossings", "receiver", "0") == 0);
        await sidecar.AssertOutputContainsAsync("crossing:trust:_global:m-1 at log sequence 1 is dead-lettered after HTTP 500");

        hook.Answer = HttpStatusCode.Accepted;
        await sidecar.PostNdjsonAsync(Merges(2, 1));
        var delivered = await sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "delivered") == 1);

        Assert.Equal(1, delivered.Value("agentobs_webhook_deliveries_total", "receiver", "0", "outcome", "dead_lettered"));
        var requests = hook.Requests;
        Assert.True(requests.Count >= 3, $"{requests.Count} requests");
        Assert.All(requests.SkipLast(1), r => Assert.Equal(("crossing:trust:_global:m-1", 500), (EventId(r), r.AnsweredWith)));
        Assert.Equal(("crossing:trust:_global:m-2", 202), (EventId(requests[^1]), requests[^1].AnsweredWith));
        Assert.Null(requests[^1].Header("webhook-signature"));
    }

    /// <summary>Merges <paramref name="first"/>.. of the global window: odd ones on the second attempt, even ones first-pass.</summary>
    internal static System.Text.Json.Nodes.JsonNode[] Merges(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => WindowsTests.Merge($"m-{i}", i % 2 == 1 ? 2 : 1))];

    internal static string EventId(WebhookRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("event_id").GetString()!;

    private static List<string> CrossingIds(string data) =>
        [.. EventLogFiles.Read(data).Records
            .Where(r => r.Json.Contains("\"eventType\":\"threshold:crossed\"", StringComparison.Ordinal))
            .Select(r => r.Id)];

    // The outage's schedule: waits until the stopwatch shows the given time.
    private static async Task UntilAsync(Stopwatch clock, TimeSpan at)
    {
        if (clock.Elapsed < at)
        {
            await Task.Delay(at - clock.Elapsed);
        }
    }


    private static async Task WaitUntilAsync(Func<bool> condition, string what, SidecarProcess sidecar)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {Patience} for {what}. Output:\n{sidecar.Output}");
            }

            await Task.Delay(100);
        }
    }
}
