using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Builds and runs the host, and turns a failed start into one line on standard error and exit code 1: a setting that
/// does not validate, an address already in use, a certificate or rules file that does not load. Without it the runtime
/// aborts (exit 134, a core dump where they are on) with the framework's stack trace, which names none of the settings.
/// </summary>
internal static class SidecarRun
{
    /// <summary>Exit code of a sidecar that could not start.</summary>
    public const int StartFailed = 1;

    public static async Task<int> RunAsync(Func<WebApplication> build, TextWriter error)
    {
        var started = false;
        try
        {
            var app = build();
            using var registration = app.Lifetime.ApplicationStarted.Register(() => started = true);
            await app.RunAsync();
        }
        catch (Exception e) when (!started)
        {
            // The host and its loggers are disposed by now: standard error is what is left, and what kubelet and
            // docker show of a container that exits at once.
            await error.WriteLineAsync($"The sidecar did not start: {Describe(e)}");
            return StartFailed;
        }

        // Non-zero when a hosted service stopped the host because it cannot run (a state snapshot that would not restore).
        return Environment.ExitCode;
    }

    /// <summary>A failed start the operator can fix from its message alone; its stack trace helps no one.</summary>
    public static bool IsOperatorError(Exception e) => e is OptionsValidationException
        or IOException { InnerException: AddressInUseException or SocketException }
        or CryptographicException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;

    private static string Describe(Exception e) => e switch
    {
        OptionsValidationException invalid => $"invalid settings: {string.Join(" ", invalid.Failures)}",
        _ when IsOperatorError(e) => e.Message,
        _ => e.ToString(),
    };
}
