using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Analytics;
using Observability.Ingestion;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using Observability.Metrics.Collectors;
using Observability.Sidecar.Health;

namespace Observability.Sidecar.Hosting;

/// <summary><c>services.AddObservabilitySidecar()</c>: options, registry, mapping, pipeline, event log, telemetry.</summary>
public static class SidecarServiceCollectionExtensions
{
    /// <summary>Registers the sidecar's services; calling it twice changes nothing.</summary>
    public static IServiceCollection AddObservabilitySidecar(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SidecarMarker)))
        {
            return services;
        }

        services.AddSingleton<SidecarMarker>();
        services.AddOptions<SidecarOptions>().Bind(configuration.GetSection(SidecarOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, SidecarOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => BuildInfo.FromAssembly(typeof(SidecarOptions).Assembly));
        services.TryAddSingleton(CreateState);
        services.TryAddSingleton<EventLogMetrics>();
        services.TryAddSingleton<ServiceStates>();
        services.AddSidecarHealthChecks();
        services.AddSidecarTelemetry(configuration);
        services.AddHostedService<EventLogService>();
        services.AddPipelineAnalytics(configuration);
        services.TryAddSingleton(provider => new AnalyticsFeed(
            Path.Combine(provider.GetRequiredService<IOptions<SidecarOptions>>().Value.DataDirectory, "events"),
            provider.GetServices<IAnalyticsView>()));
        services.AddHostedService<AnalyticsService>();
        services.AddRollingWindows(configuration);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        return services;
    }

    private static SidecarState CreateState(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var time = provider.GetRequiredService<TimeProvider>();
        var build = provider.GetRequiredService<BuildInfo>();
        var logger = provider.GetRequiredService<ILogger<SidecarState>>();
        var registry = new MetricRegistry(new MetricRegistryOptions
        {
            Namespace = options.Namespace,
            MaxSeriesPerFamily = options.MaxSeriesPerFamily,
            TimeProvider = time,
        }).AddStandardCollectors();
        registry.CreateGauge(
            "build_info",
            "A metric with a constant 1 labelled by the version and revision the sidecar was built from.",
            new MetricOptions { LabelNames = ["version", "revision"], KnownLabelSets = [[build.Version, build.Commit]] })
            .WithLabels(build.Version, build.Commit).Set(1);
        var mapping = MetricMapping.Load(registry, options.MappingFiles);
        Log.MappingLoaded(logger, mapping.RuleCount, mapping.FamilyNames.Count);
        return new SidecarState(registry, new IngestionPipeline(registry, mapping), build, time.GetUtcNow());
    }

    /// <summary>Marks that the services were added, so that the endpoints can say so when they were not.</summary>
    internal sealed class SidecarMarker;
}
