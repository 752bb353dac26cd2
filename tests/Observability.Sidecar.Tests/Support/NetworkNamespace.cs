using System.Globalization;

namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// A network namespace of the test's own (<c>ip netns</c>, needs root, as CI runs): its loopback interface up and holding
/// one more address, <see cref="OutsideAddress"/>, outside 127.0.0.0/8. A client in the namespace that connects to that
/// address is seen by a server there as coming from it: a caller that is not loopback, whose traffic never leaves
/// the namespace. Every address in 127.0.0.0/8 is loopback to Linux, so a second 127.x address would not do.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    /// <summary>TEST-NET-2 (RFC 5737): reserved for documentation, routed nowhere.</summary>
    public const string OutsideAddress = "198.51.100.7";

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var name = "agentobs-" + Guid.NewGuid().ToString("N")[..8];
        await RunAsync("ip", "netns", "add", name);
        var created = new NetworkNamespace(name);
        try
        {
            await RunAsync("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            await RunAsync("ip", "netns", "exec", name, "ip", "addr", "add", OutsideAddress + "/32", "dev", "lo");
            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="fileName"/> inside the namespace.</summary>
    public ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null) =>
        ChildProcess.Start("ip", ["netns", "exec", Name, fileName, .. arguments], workingDirectory, environment);

    /// <summary>Runs <paramref name="fileName"/> inside the namespace to its end (bounded); returns its output.</summary>
    public async Task<string> RunToEndAsync(TimeSpan timeout, string fileName, params string[] arguments)
    {
        await using var child = ChildProcess.Start("ip", ["netns", "exec", Name, fileName, .. arguments]);
        if (!await child.WaitForExitAsync(timeout))
        {
            throw new Xunit.Sdk.XunitException($"{child.Description} did not end within {timeout}: {child.Output}");
        }

        Assert.True(child.ExitCode == 0, $"{child.Description} exited with {child.ExitCode.ToString(CultureInfo.InvariantCulture)}: {child.Output}");
        return child.Output;
    }

    public async ValueTask DisposeAsync() => await RunAsync("ip", "netns", "del", Name);

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        await using var child = ChildProcess.Start(fileName, arguments);
        if (!await child.WaitForExitAsync(TimeSpan.FromSeconds(20)) || child.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"{child.Description} failed ({(child.HasExited ? child.ExitCode : -1).ToString(CultureInfo.InvariantCulture)}): {child.Output}. "
                + "These tests create a network namespace: they need root and iproute2, as CI has.");
        }
    }
}
