using Observability.Proposals;
using Observability.Sidecar.Proposals;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Proposals;

/// <summary>The GitHub tracker against the schema-checking stand-in, in process: the marker is found past the first page.</summary>
public sealed class GitHubTrackerTests
{
    [Fact]
    public async Task DeliverAsync_MarkerOnTheSecondPage_FindsTheIssueInsteadOfCreatingAnother()
    {
        await using var github = await GitHubStandIn.StartAsync("acme", "pipeline", "t0ken");
        using var tracker = new GitHubTracker(
            new GitHubTrackerOptions { BaseUrl = github.BaseUrl, Owner = "acme", Repository = "pipeline", Token = "t0ken" }, "agentobs-tests/1", TimeSpan.FromSeconds(10), TimeProvider.System);

        // 101 proposals: the first one's issue is the oldest, listed on the second page (newest first, 100 a page).
        var results = new List<TrackerResult>();
        for (var i = 0; i < 101; i++)
        {
            results.Add(await tracker.DeliverAsync(Answer(i), CancellationToken.None));
        }

        var again = await tracker.DeliverAsync(Answer(0), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(TrackerResult.Delivered, r.Outcome));
        Assert.Equal((true, TrackerResult.Existing, 1L), (again.Done, again.Outcome, again.IssueNumber!.Value));
        Assert.Equal(101, github.Issues.Count);
        Assert.Contains("GET /api/v3/repos/acme/pipeline/issues?labels=agentobs-proposal&state=all&per_page=100&page=2", github.Requests);
        Assert.Empty(github.Violations);
    }

    [Fact]
    public async Task DeliverAsync_WrongToken_FailsWithTheStatusAndCreatesNothing()
    {
        await using var github = await GitHubStandIn.StartAsync("acme", "pipeline", "t0ken");
        using var tracker = new GitHubTracker(
            new GitHubTrackerOptions { BaseUrl = github.BaseUrl, Owner = "acme", Repository = "pipeline", Token = "other" }, "agentobs-tests/1", TimeSpan.FromSeconds(10), TimeProvider.System);

        var result = await tracker.DeliverAsync(Answer(0), CancellationToken.None);

        Assert.False(result.Done);
        Assert.Equal("GET issues: HTTP 401", result.Outcome);
        Assert.Empty(github.Issues);
    }

    private static ProposalAnswer Answer(int i)
    {
        var findingId = $"f-{i:x16}";
        return ProposalAnswer.From(
            new Proposal
            {
                Id = ProposalEvents.ProposalId(findingId), FindingId = findingId, FindingEventId = $"finding:opened:{findingId}", FindingKind = "stuck_task",
                Kind = ProposalKinds.HealPipeline, Category = "queue", Severity = "warning", SubjectType = "task", Subject = $"T-{i}",
                Summary = $"Task T-{i} is stuck", Recommendation = "Restart it.", OpenedAt = TestEvents.T0,
            },
            null);
    }
}
