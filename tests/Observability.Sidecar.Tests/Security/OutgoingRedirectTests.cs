using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>Outgoing signed webhooks never follow a redirect: the answer is a failed attempt that says where it pointed.</summary>
public sealed class OutgoingRedirectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ProposalWebhook_ReceiverRedirectsToAnotherHost_NotFollowedFailedAttemptNamingTheHost()
    {
        using var directory = new TempDirectory("redirect-webhook");
        using var elsewhere = new WebhookReceiver([]);
        using var receiver = new WebhookReceiver([]) { Answer = HttpStatusCode.Found };
        receiver.RedirectTo = elsewhere.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var start = new SidecarStart(directory.Combine("data"))
        {
            Arguments =
            [
                "--Proposals:Autonomous", "true", "--Proposals:Webhook:Url", receiver.Url, "--Proposals:Webhook:Secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--Proposals:BaseDelaySeconds", "0.2", "--Proposals:MaxDelaySeconds", "0.5",
            ],
        };
        await using var sidecar = await SidecarProcess.StartAsync(start);
        await sidecar.PostEventsAsync(FindingEvents.Opened("f-00000000000000d1", "stuck_task", "warning", "task", "T-1", TestEvents.T0, summary: "Task T-1 has run for 30 hours"));

        await sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_proposal_deliveries_total", "tracker", "webhook", "outcome", "failed") >= 2);
        Assert.True(receiver.Requests.Count >= 2);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal("approved", (await sidecar.GetAsync("/api/v1/proposals/p-00000000000000d1")).Json.GetProperty("status").GetString());
        await sidecar.AssertOutputContainsAsync("HTTP 302 redirecting to another host (localhost), not followed");
        Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
    }
}
