using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests.Support;

/// <summary>Files of the repository the ops pack consists of.</summary>
internal static class Repo
{
    public static string Root => Artifacts.RepositoryRoot;

    public static string AlertsYml => Path("alerts.yml");

    public static string RunbookMd => Path("docs", "runbook.md");

    public static string PrometheusYml => Path("prometheus", "prometheus.yml");

    public static string AlertmanagerYml => Path("prometheus", "alertmanager.yml");

    public static string RuleTestsDirectory => Path("prometheus", "tests");

    public static string DashboardsDirectory => Path("grafana", "dashboards");

    public static string DeployDirectory => Path("deploy");

    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([Root, .. parts]);
        Assert.True(File.Exists(path) || Directory.Exists(path), $"{path} is missing.");
        return path;
    }
}
