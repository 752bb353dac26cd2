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
}
