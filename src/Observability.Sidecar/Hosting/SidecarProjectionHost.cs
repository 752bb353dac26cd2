using Observability.Projections;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// The sidecar's projection host, every registered projection included, built from settings alone without starting
/// the sidecar: what offline compaction folds the log with, so its base snapshot is the one the sidecar restores.
/// </summary>
public static class SidecarProjectionHost
{
    /// <summary>A fresh host (nothing read) and the services that own its parts; dispose the services after the host.</summary>
    public static (ProjectionHost Host, IAsyncDisposable Services) Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration);
        services.AddObservabilitySidecar(configuration);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<ProjectionHost>(), provider);
    }
}
