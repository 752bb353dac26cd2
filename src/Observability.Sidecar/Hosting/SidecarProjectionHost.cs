using Microsoft.Extensions.Options;
using Observability.Ingestion;
using Observability.Projections;
using Observability.Projections.Compaction;

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

    /// <summary>
    /// A fresh host over the sidecar's projections with a fresh duplicate index, that folds a compacted log's archives
    /// (not its base snapshot): what a refresh rebuilds the views with. Dispose the services after the host.
    /// </summary>
    internal static (ProjectionHost Host, IAsyncDisposable Services) CreateForRefresh(IConfiguration configuration, IProjectionObserver observer)
    {
        var (host, services) = Create(configuration);
        var provider = (IServiceProvider)services;
        var options = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var rebuilt = new ProjectionHost(
            host.Projections,
            new ProjectionHostOptions
            {
                Duplicates = provider.GetRequiredService<IngestionWriter>().Duplicates,
                Observer = observer,
                ArchiveDirectory = new CompactionLayout(options.DataDirectory).Archive,
                Time = provider.GetRequiredService<TimeProvider>(),
            });
        return (rebuilt, services);
    }
}
