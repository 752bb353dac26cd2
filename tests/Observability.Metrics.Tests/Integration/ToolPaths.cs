namespace Observability.Metrics.Tests.Integration;

/// <summary>
/// Finds the real Prometheus tools. A missing tool fails the test (never skips it): CI installs them
/// with <c>apt-get install -y prometheus</c>. <c>PROMTOOL</c> / <c>PROMETHEUS</c> may point at other builds.
/// </summary>
internal static class ToolPaths
{
    public static string Promtool => Find("promtool", "PROMTOOL");

    public static string Prometheus => Find("prometheus", "PROMETHEUS");

    private static string Find(string tool, string overrideVariable)
    {
        var configured = Environment.GetEnvironmentVariable(overrideVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            Assert.True(File.Exists(configured), $"{tool} not found: {overrideVariable}={configured} does not exist.");
            return configured;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/bin"])
            .Distinct(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail(
            $"{tool} not found on PATH: install the Debian package 'prometheus' (apt-get install -y prometheus), or set {overrideVariable} to its path.");
        return string.Empty;
    }
}
