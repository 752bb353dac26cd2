using System.Diagnostics;

namespace Observability.Metrics.Tests.Integration;

/// <summary>Runs a command-line tool to completion with bytes on stdin, within a time limit.</summary>
internal static class ToolProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, byte[] stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);

            // The exact bytes: no BOM, no re-encoding by the process' stdin writer.
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, cts.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool stopped reading (it exits early on a parse error); its exit code and output tell why.
            }
            await process.WaitForExitAsync(cts.Token);
            var output = (await stdout) + (await stderr);
            return (process.ExitCode, output);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s.");
            throw;
        }
    }
}
