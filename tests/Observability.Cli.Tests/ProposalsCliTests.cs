using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary><c>agentobs proposals</c> (list, show, approve, reject) against a real sidecar holding findings.</summary>
public sealed class ProposalsCliTests
{
    [Fact]
    public async Task Proposals_ListShowApproveReject_AgainstARealSidecar()
    {
        using var directory = new TempDirectory("cli-proposals");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var url = sidecar.BaseAddress.ToString();
        var post = await sidecar.PostEventsAsync(Finding("f-00000000000000d1", "flaky_test", "LoginTest"), Finding("f-00000000000000d2", "coverage_drop", "web"));
        Assert.True(post.Status == System.Net.HttpStatusCode.OK, post.ToString());

        var list = await CliProcess.RunAsync("proposals", "--url", url);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"p-00000000000000d1\s+pending\s+mend_tests\s+warning\s+Mend the tests: flaky_test on LoginTest", list.StandardOutput);

        var show = await CliProcess.RunAsync("proposals", "show", "p-00000000000000d2", "--url", url);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("### Acceptance criteria", show.StandardOutput, StringComparison.Ordinal);

        var approve = await CliProcess.RunAsync("proposals", "approve", "p-00000000000000d1", "--by", "ana", "--url", url);
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Equal("p-00000000000000d1 approved", approve.StandardOutput.Trim());
        var twice = await CliProcess.RunAsync("proposals", "approve", "p-00000000000000d1", "--url", url);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("409", twice.StandardError, StringComparison.Ordinal);

        var reject = await CliProcess.RunAsync("proposals", "reject", "p-00000000000000d2", "--reason", "covered elsewhere", "--url", url, "--json");
        Assert.True(reject.ExitCode == 0, reject.ToString());
        Assert.Equal("covered elsewhere", reject.Json.GetProperty("decision").GetProperty("reason").GetString());

        var approved = await CliProcess.RunAsync("proposals", "list", "--status", "approved", "--url", url, "--json");
        Assert.Equal(["p-00000000000000d1"], approved.Json.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(2, (await CliProcess.RunAsync("proposals", "list", "--status", "open", "--url", url)).ExitCode);
    }

    private static JsonObject Finding(string id, string kind, string subject) =>
        FindingEvents.Opened(id, kind, "warning", "test", subject, DateTimeOffset.Parse("2026-03-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), ["t-1"], category: "testing");
}
