using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests.Support;

/// <summary>Runs the built CLI (<c>dotnet agentobs.dll …</c>) as a child process, bounded in time.</summary>
internal static class CliProcess
{
    public static string Dll
    {
        get
        {
            var path = Path.Combine(Artifacts.RepositoryRoot, "src", "Observability.Cli", "bin", Artifacts.Configuration, Artifacts.TargetFramework, "agentobs.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; the test project's ProjectReference builds it.", path);
        }
    }

    public static Task<CliResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs the CLI with <paramref name="environment"/> added to the process's environment.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        await using var child = ChildProcess.Start(
            "dotnet",
            [Dll, .. arguments],
            environment: new Dictionary<string, string?>(environment) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        if (!await child.WaitForExitAsync(TimeSpan.FromSeconds(60)))
        {
            throw new Xunit.Sdk.XunitException($"agentobs {string.Join(' ', arguments)} did not exit within 60 s. Output:\n{child.Output}");
        }

        var lines = child.Output.Split('\n', StringSplitOptions.None);
        var stdout = string.Join('\n', lines.Where(l => !l.StartsWith('!')));
        var stderr = string.Join('\n', lines.Where(l => l.StartsWith('!')).Select(l => l[1..]));
        return new CliResult(child.ExitCode, stdout.Trim(), stderr.Trim());
    }
}
