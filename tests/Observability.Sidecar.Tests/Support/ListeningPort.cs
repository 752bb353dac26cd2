using System.Globalization;
using System.Text.RegularExpressions;

namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// The port a Prometheus-toolkit server (prometheus, prometheus-alertmanager) started with
/// <c>--web.listen-address=127.0.0.1:0</c> bound, read from its <c>msg="Listening on" address=…</c> line (logged at
/// info). The kernel picks a port that is free when it binds, so no other process can take it between a probe and the
/// bind, as with <see cref="FreePort"/>.
/// </summary>
internal static partial class ListeningPort
{
    /// <summary>The listen address that lets the kernel pick the port.</summary>
    public const string AnyLoopbackPort = "127.0.0.1:0";

    /// <summary>Waits (bounded) for the line; fails with the output if the process exits or never logs it.</summary>
    public static async Task<int> ReadAsync(ChildProcess process, string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Listening().Match(process.Output) is { Success: true } match)
            {
                return int.Parse(match.Groups["port"].ValueSpan, CultureInfo.InvariantCulture);
            }

            if (process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"{name} exited with {process.ExitCode} before it listened:\n{process.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"{name} did not log the port it listens on within {timeout}:\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex("""msg="Listening on" address=127\.0\.0\.1:(?<port>[0-9]+)""")]
    private static partial Regex Listening();
}
