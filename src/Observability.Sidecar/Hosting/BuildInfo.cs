using System.Reflection;

namespace Observability.Sidecar.Hosting;

/// <summary>Version, commit and build time stamped into the assembly at build (see the csproj).</summary>
internal sealed record BuildInfo(string Version, string Commit, string BuildTime)
{
    public static BuildInfo FromAssembly(Assembly assembly)
    {
        var metadata = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value ?? "unknown");
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

        // The SDK appends "+<sourcerevision>" when it knows one; the commit is reported on its own.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return new BuildInfo(
            plus < 0 ? version : version[..plus],
            metadata.GetValueOrDefault("Commit", "unknown"),
            metadata.GetValueOrDefault("BuildTime", "unknown"));
    }
}
