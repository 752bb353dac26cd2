using System.Diagnostics;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// The real command-line tools the ops pack is checked with. A missing tool fails the test (never skips it):
/// scripts/test.sh installs them (Debian packages prometheus, prometheus-alertmanager, docker-compose).
/// </summary>
internal static class Tool
{
    public static string Find(string name, string package)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/bin"]);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{name} not found on PATH: install the Debian package '{package}' (scripts/test.sh does).");
        return string.Empty;
    }

    /// <summary>Runs a tool to completion within a time limit; returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellation.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancellation.Token);
            await process.WaitForExitAsync(cancellation.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit.TotalSeconds:0} s.");
            throw;
        }
    }

    /// <summary>Runs a tool and fails the test with its output unless it exits 0.</summary>
    public static async Task<string> RunSuccessfullyAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var list = arguments.ToList();
        var (exitCode, output) = await RunAsync(fileName, list, workingDirectory, timeout, environment);
        Assert.True(exitCode == 0, $"{Path.GetFileName(fileName)} {string.Join(' ', list)} exited {exitCode}:\n{output}");
        return output;
    }
}
