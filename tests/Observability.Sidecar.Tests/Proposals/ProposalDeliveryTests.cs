using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Proposals;

/// <summary>
/// Delivery of approved proposals over real HTTP: to GitHub Issues through a stand-in that checks every request against
/// GitHub's documented schema (once, even across a SIGKILL between GitHub creating the issue and the sidecar recording
/// it), to a generic webhook with a Standard Webhooks signature checked by an independent implementation, without
/// approval in autonomous mode, held by the hourly cap, and never following a redirect.
/// </summary>
public sealed class ProposalDeliveryTests
{
    private const string Owner = "acme";
    private const string Repo = "pipeline";
    private const string Token = "ghp_standin_token_0123456789";
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GitHub_SigkillBetweenCreatingTheIssueAndRecordingIt_OneIssueAndTheDeliveryRecordedAfterRestart()
    {
        using var directory = new TempDirectory("proposals-github-crash");
        var data = directory.Combine("data");
        await using var github = await GitHubStandIn.StartAsync(Owner, Repo, Token);
        github.HoldCreates = true;
        var start = new SidecarStart(data) { Arguments = GitHubArguments(github) };
        await using (var sidecar = await SidecarProcess.StartAsync(start))
        {
            await sidecar.PostEventsAsync(FindingEvents.Opened("f-00000000000000aa", "timeout_cluster", "critical", "stage", "test", TestEvents.T0, ["e-9"], summary: "7 timeouts in stage test in 24 hours"));
            Assert.Equal(HttpStatusCode.OK, (await ProposalsApiTests.DecideAsync(sidecar, "p-00000000000000aa", "approve")).Status);

            // GitHub has created the issue; its answer never reaches the sidecar.
            await github.CreateReceived.WaitAsync(Patience);
            await sidecar.KillAsync();
        }

        Assert.Single(github.Issues);
        github.ReleaseCreates();
        await using (var sidecar = await SidecarProcess.StartAsync(start))
        {
            var proposal = await WaitForStatusAsync(sidecar, "p-00000000000000aa", "delivered");
            var delivery = Assert.Single(proposal.GetProperty("deliveries").EnumerateArray());
            Assert.Equal("github", delivery.GetProperty("tracker").GetString());
            Assert.Equal("existing", delivery.GetProperty("outcome").GetString());
            Assert.Equal(1, delivery.GetProperty("issue_number").GetInt64());
            Assert.Equal($"https://github.example/{Owner}/{Repo}/issues/1", delivery.GetProperty("url").GetString());
            Assert.Contains("proposal:delivered:github:p-00000000000000aa", proposal.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(1, metrics.Value("agentobs_proposal_deliveries_total", "tracker", "github", "outcome", "existing"));
            Assert.Equal(0, metrics.Value("agentobs_proposals_undelivered", "tracker", "github"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        // One POST ever, and it matched the schema: title, body with the marker and the evidence, the label.
        Assert.Empty(github.Violations);
        Assert.Single(github.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        var issue = Assert.Single(github.Issues);
        Assert.Equal("Diagnose the pipeline: 7 timeouts in stage test in 24 hours", issue.Title);
        Assert.StartsWith("<!-- agentobs-proposal: p-00000000000000aa -->", issue.Body, StringComparison.Ordinal);
        Assert.Contains("`e-9`", issue.Body, StringComparison.Ordinal);
        Assert.Equal(["agentobs-proposal"], issue.Labels);
        Assert.Contains(github.Requests, r => r == "GET /api/v3/repos/acme/pipeline/issues?labels=agentobs-proposal&state=all&per_page=100&page=1");
    }

    [Fact]
    public async Task Autonomous_GitHubAndSignedWebhook_DeliverEachProposalOnceWithoutApprovalWithinTheHourlyCap()
    {
        using var directory = new TempDirectory("proposals-autonomous");
        var data = directory.Combine("data");
        await using var github = await GitHubStandIn.StartAsync(Owner, Repo, Token);
        using var receiver = new WebhookReceiver([HttpStatusCode.ServiceUnavailable]);
        var start = new SidecarStart(data)
        {
            Arguments =
            [
                .. GitHubArguments(github), "--Proposals:Autonomous", "true", "--Proposals:MaxDeliveriesPerHour", "1",
                "--Proposals:GitHub:Labels:0", "agentobs", "--Proposals:GitHub:Labels:1", "triage",
                "--Proposals:Webhook:Url", receiver.Url, "--Proposals:Webhook:Secret", Secret,
                "--Proposals:BaseDelaySeconds", "0.2", "--Proposals:MaxDelaySeconds", "0.5", "--Proposals:LinkBaseUrl", "https://obs.example",
            ],
        };
        await using var sidecar = await SidecarProcess.StartAsync(start);
        await sidecar.PostEventsAsync(
            FindingEvents.Opened("f-00000000000000b1", "goal_stalled", "critical", "goal", "ship-v2", TestEvents.T0, summary: "Goal ship-v2 made no progress for 80 hours"),
            FindingEvents.Opened("f-00000000000000b2", "over_budget", "critical", "project", "web", TestEvents.T0, summary: "Project web spent 130 USD of its 100 USD budget today"));

        var first = await WaitForStatusAsync(sidecar, "p-00000000000000b1", "delivered", deliveries: 2);
        Assert.Equal("autonomous", first.GetProperty("decision").GetProperty("by").GetString());

        // The cap (1 per hour per tracker) holds the second proposal back: approved, not delivered.
        var metrics = await sidecar.ScrapeUntilAsync(Patience, m =>
            m.ValueOrZero("agentobs_proposals_undelivered", "tracker", "github") == 1 && m.ValueOrZero("agentobs_proposals_undelivered", "tracker", "webhook") == 1);
        await Task.Delay(1000);
        var second = (await sidecar.GetAsync("/api/v1/proposals/p-00000000000000b2")).Json;
        Assert.Equal("approved", second.GetProperty("status").GetString());
        Assert.Single(github.Issues);
        Assert.Empty(github.Violations);
        var issue = github.Issues[0];
        Assert.Equal("Unblock goal: Goal ship-v2 made no progress for 80 hours", issue.Title);
        Assert.Equal(["agentobs", "triage"], issue.Labels);
        Assert.Contains("- self: https://obs.example/api/v1/proposals/p-00000000000000b1", issue.Body, StringComparison.Ordinal);

        // The webhook: a 503 first, then the same message again, signed as the threshold webhooks sign.
        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
        var body = JsonNode.Parse(requests[1].Body)!;
        Assert.Equal("proposal.approved", body["type"]!.GetValue<string>());
        Assert.Equal("p-00000000000000b1", body["data"]!["id"]!.GetValue<string>());
        Assert.Equal("unblock_goal", body["data"]!["kind"]!.GetValue<string>());
        var python = await PythonWebhookSigner.SignAsync(
            [.. requests.Select(r => new SigningInput(
                Secret, r.Header("webhook-id")!, long.Parse(r.Header("webhook-timestamp")!, CultureInfo.InvariantCulture), r.Body, "proposal:delivered:webhook:p-00000000000000b1"))]);
        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(python[i].Signature, requests[i].Header("webhook-signature"));
            Assert.Equal(python[i].MessageId, requests[i].Header("webhook-id"));
        }

        Assert.Equal(1, metrics.Value("agentobs_proposal_deliveries_total", "tracker", "webhook", "outcome", "failed"));
        Assert.Equal(1, metrics.Value("agentobs_proposal_deliveries_total", "tracker", "webhook", "outcome", "delivered"));
        Assert.Equal(1, metrics.Value("agentobs_proposal_deliveries_total", "tracker", "github", "outcome", "delivered"));
        Assert.Equal(1, metrics.Value("agentobs_proposals", "status", "delivered"));
        Assert.Equal(1, metrics.Value("agentobs_proposals", "status", "approved"));
    }

    [Fact]
    public async Task GitHub_RedirectToAnotherHost_IsNotFollowedAndTheDeliveryRetried()
    {
        using var directory = new TempDirectory("proposals-redirect");
        await using var github = await GitHubStandIn.StartAsync(Owner, Repo, Token);
        await using var elsewhere = await GitHubStandIn.StartAsync(Owner, Repo, Token);
        github.RedirectTo = elsewhere.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/repos/acme/pipeline/issues";
        var start = new SidecarStart(directory.Combine("data"))
        {
            Arguments = [.. GitHubArguments(github), "--Proposals:Autonomous", "true", "--Proposals:BaseDelaySeconds", "0.2", "--Proposals:MaxDelaySeconds", "0.5"],
        };
        await using var sidecar = await SidecarProcess.StartAsync(start);
        await sidecar.PostEventsAsync(FindingEvents.Opened("f-00000000000000c1", "stuck_task", "warning", "task", "T-1", TestEvents.T0, summary: "Task T-1 has run for 30 hours"));

        await sidecar.ScrapeUntilAsync(Patience, m => m.ValueOrZero("agentobs_proposal_deliveries_total", "tracker", "github", "outcome", "failed") >= 2);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal("approved", (await sidecar.GetAsync("/api/v1/proposals/p-00000000000000c1")).Json.GetProperty("status").GetString());
        await sidecar.AssertOutputContainsAsync("HTTP 301 to localhost, not followed");
        Assert.DoesNotContain(Token, sidecar.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Proposals:MinSeverity", "severe", "Proposals:MinSeverity")]
    [InlineData("--Proposals:GitHub:Owner", "acme", "Proposals:GitHub:Repository")]
    [InlineData("--Proposals:Webhook:Secret", "nope", "Proposals:Webhook:Secret")]
    [InlineData("--Proposals:MaxDeliveriesPerHour", "0", "Proposals:MaxDeliveriesPerHour")]
    public async Task Options_OutOfRange_StopTheStartNamingTheSetting(string argument, string value, string setting)
    {
        using var directory = new TempDirectory("proposals-options");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = [argument, value], WaitUntilReady = false }, Patience);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(setting, output, StringComparison.Ordinal);
    }

    private static string[] GitHubArguments(GitHubStandIn github) =>
    [
        "--Proposals:GitHub:BaseUrl", github.BaseUrl, "--Proposals:GitHub:Owner", Owner, "--Proposals:GitHub:Repository", Repo, "--Proposals:GitHub:Token", Token,
    ];

    private static async Task<JsonElement> WaitForStatusAsync(SidecarProcess sidecar, string id, string status, int deliveries = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await sidecar.GetAsync($"/api/v1/proposals/{id}");
            if (answer.Status == HttpStatusCode.OK && answer.Json.GetProperty("status").GetString() == status
                && answer.Json.GetProperty("deliveries").GetArrayLength() >= deliveries)
            {
                return answer.Json;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"{id} did not become {status} within {Patience}: {answer}\nOutput:\n{sidecar.Output}");
            }

            await Task.Delay(100);
        }
    }
}
