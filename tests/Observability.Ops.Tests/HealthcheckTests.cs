using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>The container health check: the sidecar binary probes a running sidecar's /health (the image has no curl or wget).</summary>
public sealed class HealthcheckTests
{
    [Fact]
    public async Task Healthcheck_AgainstARunningSidecar_Exits0_AndAfterItStops_Exits1()
    {
        using var directory = new TempDirectory("healthcheck");
        var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var url = $"http://127.0.0.1:{sidecar.Port}/health";
        try
        {
            var (up, upOutput) = await Tool.RunAsync("dotnet", [Artifacts.SidecarDll, "--healthcheck", url], directory.Path, TimeSpan.FromSeconds(30));
            Assert.True(up == 0, $"exit {up}: {upOutput}");
            Assert.Contains("answered 200", upOutput, StringComparison.Ordinal);
            Assert.Equal(0, await sidecar.StopAsync());
        }
        finally
        {
            await sidecar.DisposeAsync();
        }

        var (down, downOutput) = await Tool.RunAsync("dotnet", [Artifacts.SidecarDll, "--healthcheck", url], directory.Path, TimeSpan.FromSeconds(30));
        Assert.True(down == 1, $"exit {down}: {downOutput}");
    }

    [Fact]
    public async Task Healthcheck_WithAnInvalidUrl_Exits2()
    {
        var (code, output) = await Tool.RunAsync("dotnet", [Artifacts.SidecarDll, "--healthcheck", "not a url"], timeout: TimeSpan.FromSeconds(30));
        Assert.True(code == 2, $"exit {code}: {output}");
    }
}
