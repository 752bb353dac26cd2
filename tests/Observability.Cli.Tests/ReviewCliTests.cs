using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary><c>agentobs review</c> and <c>agentobs findings</c> against a real sidecar: a run's findings, their listing and filters.</summary>
public sealed class ReviewCliTests
{
    [Fact]
    public async Task ReviewAndFindings_AgainstASidecar_RunOneReviewAndListItsFindings()
    {
        using var directory = new TempDirectory("cli-review");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Review:IntervalSeconds", "0");
        var url = sidecar.BaseAddress.ToString();
        var now = DateTimeOffset.UtcNow;
        var post = await sidecar.PostEventsAsync(
            TestEvents.Make("cli-review-1", "task:created", "t-waiting", now.AddHours(-30), new JsonObject { ["title"] = "Write docs" }),
            TestEvents.Make("cli-review-2", "task:created", "t-again", now.AddHours(-1), new JsonObject { ["title"] = "write DOCS" }));
        Assert.True(post.Status == System.Net.HttpStatusCode.OK, post.ToString());

        var review = await CliProcess.RunAsync("review", "--url", url);
        Assert.True(review.ExitCode == 0, review.ToString());
        Assert.Matches(@"Review review-\S+: 2 opened, 0 closed, 2 open\.", review.StandardOutput);
        Assert.Matches(@"open\s+warning\s+stale_task\s+task t-waiting", review.StandardOutput);

        var again = await CliProcess.RunAsync("review", "--url", url, "--json");
        Assert.Equal(0, again.Json.GetProperty("opened").GetArrayLength());

        var list = await CliProcess.RunAsync("findings", "--url", url, "--kind", "duplicate_task");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"open\s+info\s+duplicate_task\s+task t-again", list.StandardOutput);
        Assert.DoesNotContain("stale_task", list.StandardOutput, StringComparison.Ordinal);

        var none = await CliProcess.RunAsync("findings", "--url", url, "--status", "closed");
        Assert.Equal("No findings.", none.StandardOutput.Trim());
        var bad = await CliProcess.RunAsync("findings", "--url", url, "--severity", "high");
        Assert.Equal(2, bad.ExitCode);
    }
}
