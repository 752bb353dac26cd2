using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// The rules, promtool tests and dashboards for another metric namespace, written by the built CLI
/// (<c>agentobs deploy-files</c>) into a temp directory laid out like the repository; deleted on dispose.
/// </summary>
internal sealed class DeployFiles : IDisposable
{
    private readonly TempDirectory _directory;

    private DeployFiles(TempDirectory directory, string ns)
    {
        _directory = directory;
        Namespace = ns;
    }

    public string Namespace { get; }

    public string Root => _directory.Path;

    public string AlertsYml => _directory.Combine("alerts.yml");

    public string RuleTestsDirectory => Path.Combine(Root, "prometheus", "tests");

    public string DashboardsDirectory => Path.Combine(Root, "grafana", "dashboards");

    /// <summary>The built <c>agentobs.dll</c> (the project reference builds it with the tests' configuration).</summary>
    public static string CliDll
    {
        get
        {
            var path = Path.Combine(Artifacts.RepositoryRoot, "src", "Observability.Cli", "bin", Artifacts.Configuration, Artifacts.TargetFramework, "agentobs.dll");
            Assert.True(File.Exists(path), $"{path} is missing; the test project's ProjectReference builds it.");
            return path;
        }
    }

    public static async Task<DeployFiles> GenerateAsync(string ns)
    {
        var directory = new TempDirectory("deploy-" + ns);
        try
        {
            await Tool.RunSuccessfullyAsync("dotnet", [CliDll, "deploy-files", "--namespace", ns, "--source", Repo.Root, "--out", directory.Path]);
            return new DeployFiles(directory, ns);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public void Dispose() => _directory.Dispose();
}
