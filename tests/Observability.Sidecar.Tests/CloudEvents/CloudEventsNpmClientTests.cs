using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.CloudEvents;

/// <summary>
/// A real CloudEvents client: the CNCF JavaScript SDK (npm <c>cloudevents</c>, pinned by <c>NpmClient/package-lock.json</c>)
/// run by Node.js sends a CDEvents pipeline run and a plain CloudEvent to a real sidecar in binary and structured mode.
/// <c>scripts/test.sh</c> installs Node.js and the SDK (<c>npm ci</c>); run alone, the test installs the SDK itself.
/// </summary>
public sealed class CloudEventsNpmClientTests(CloudEventsNpmClientTests.Fixture fixture) : IClassFixture<CloudEventsNpmClientTests.Fixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Install = new(1, 1);

    private static string ClientDirectory => Path.Combine(Artifacts.RepositoryRoot, "tests", "Observability.Sidecar.Tests", "CloudEvents", "NpmClient");

    [Theory]
    [InlineData("binary")]
    [InlineData("structured")]
    public async Task Send_CloudEventsSdk_StoredOnceMappedAndDeduplicated(string mode)
    {
        await EnsureInstalledAsync();
        var prefix = $"npm{mode}{Guid.NewGuid():N}"[..20];

        var (exit, output) = await RunAsync("node", ["send.mjs", fixture.Sidecar.BaseAddress.ToString(), mode, prefix]);

        Assert.True(exit == 0, $"node send.mjs exited {exit}:\n{output}");
        using var answers = JsonDocument.Parse(output);
        var items = answers.RootElement.EnumerateArray().Select(a => a.GetProperty("items")[0]).ToList();
        Assert.Equal(["accepted", "accepted", "duplicate", "accepted"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal([$"{prefix}-started", $"{prefix}-finished", $"{prefix}-finished", $"{prefix}-plain"], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([2, 2, 2, 1], items.Select(i => i.GetProperty("events").GetInt32()));
        var metrics = await fixture.Sidecar.ScrapeUntilAsync(
            Patience, m => m.ValueOrZero("agentobs_pipeline_duration_seconds_count", "stage", prefix, "success", "true") >= 1);
        Assert.Equal(1, metrics.Value("agentobs_pipeline_duration_seconds_count", "stage", prefix, "success", "true"));
        Assert.Equal(60, metrics.Value("agentobs_pipeline_duration_seconds_sum", "stage", prefix, "success", "true"));
        Assert.Equal(1, metrics.Value("agentobs_pipeline_stages_started_total", "stage", prefix));
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(ClientDirectory, "node_modules", "cloudevents", "package.json")))
            {
                var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
                Assert.True(exit == 0, $"npm ci in {ClientDirectory} exited {exit}:\n{output}");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments)
    {
        await using var child = ChildProcess.Start(program, arguments, ClientDirectory);
        Assert.True(await child.WaitForExitAsync(NodeTimeout), $"{program} did not finish within {NodeTimeout}:\n{child.Output}");
        return (child.ExitCode, child.Output);
    }

    public sealed class Fixture : SidecarFixture;
}
