using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>The CLI against a sidecar that wants tokens: <c>--token</c>, <c>AGENTOBS_TOKEN</c>, and the refusal without one.</summary>
public sealed class TokenCliTests
{
    [Fact]
    public async Task Token_FromOptionOrEnvironment_IsSentAndWithoutOneTheRefusalIsShown()
    {
        using var directory = new TempDirectory("cli-token");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = TestTokens.Arguments([TestTokens.All]) });
        var url = sidecar.BaseAddress.ToString();
        var noToken = new Dictionary<string, string?> { ["AGENTOBS_TOKEN"] = null };

        var refused = await CliProcess.RunAsync(noToken, "summary", "--url", url);
        var byOption = await CliProcess.RunAsync(noToken, "summary", "--url", url, "--token", TestTokens.All.Secret, "--json");
        var byVariable = await CliProcess.RunAsync(new Dictionary<string, string?> { ["AGENTOBS_TOKEN"] = TestTokens.All.Secret }, "summary", "--url", url, "--json");
        var emitted = await CliProcess.RunAsync(
            noToken, "emit", "--type", "chain:created", "--entity-id", "CHAIN-CLI-TOKEN", "--url", url, "--token", TestTokens.All.Secret);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("401", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("Bearer", refused.StandardError, StringComparison.Ordinal);
        Assert.True(byOption.ExitCode == 0, byOption.ToString());
        Assert.True(byVariable.ExitCode == 0, byVariable.ToString());
        Assert.True(emitted.ExitCode == 0, emitted.ToString());
        var help = await CliProcess.RunAsync(new Dictionary<string, string?> { ["AGENTOBS_TOKEN"] = TestTokens.All.Secret }, "summary", "--help");
        Assert.Contains("--token", help.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(TestTokens.All.Secret, help.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emit_OverTheDailyQuota_FailsAtOnceWithTheAnswerInsteadOfRetrying()
    {
        using var directory = new TempDirectory("cli-quota");
        var arguments = TestTokens.Arguments([TestTokens.All]);
        arguments.AddRange(["--Limits:EventsPerDay", "1"]);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments });
        var url = sidecar.BaseAddress.ToString();
        var token = new Dictionary<string, string?> { ["AGENTOBS_TOKEN"] = TestTokens.All.Secret };

        var first = await CliProcess.RunAsync(token, "emit", "--type", "chain:created", "--entity-id", "CHAIN-QUOTA-1", "--url", url);
        var second = await CliProcess.RunAsync(token, "emit", "--type", "chain:created", "--entity-id", "CHAIN-QUOTA-2", "--url", url);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("429", second.StandardError, StringComparison.Ordinal);
        Assert.Contains("EventsPerDay", second.StandardError, StringComparison.Ordinal);

        // One refusal: a quota's Retry-After (the hours to midnight) is not waited for, nor retried.
        var metrics = await sidecar.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains($"agentobs_quota_refused_requests_total{{token=\"{TestTokens.All.Name}\"}} 1\n", metrics, StringComparison.Ordinal);
    }
}
