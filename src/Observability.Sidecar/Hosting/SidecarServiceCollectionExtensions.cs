using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Ingestion;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using Observability.Metrics.Collectors;
using Observability.Sidecar.Health;
using Observability.Sidecar.Reactions;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// <c>services.AddObservabilitySidecar()</c>: options, registry, mapping, the ingestion writer, the projections and
/// their host, start-up, reactions, telemetry.
/// </summary>
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
        services.TryAddSingleton(provider => new StartTime(provider.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.TryAddSingleton(CreateRegistry);
        services.TryAddSingleton(CreateMapping);
        services.TryAddSingleton(provider => new IngestionWriter(provider.GetRequiredService<MetricRegistry>()));
        services.TryAddSingleton<EventLogHandle>();
        services.TryAddSingleton<EventLogMetrics>();
        services.TryAddSingleton<ServiceStates>();
        services.TryAddSingleton<DerivedReads>();
        services.TryAddSingleton<ReactionHold>();
        services.AddProjections(configuration);
        services.AddExperiments(configuration);
        Proposals.ProposalServices.AddProposals(services, configuration);
        Review.ReviewServices.AddReview(services, configuration);
        Learning.LearningServices.AddLearning(services, configuration);
        Inbound.InboundServices.AddInbound(services, configuration);
        CloudEvents.CloudEventsServices.AddCloudEvents(services, configuration);
        Otlp.OtlpServices.AddOtlp(services, configuration);
        services.AddSidecarHealthChecks();
        services.AddSidecarTelemetry(configuration);
        Security.SecurityServiceCollectionExtensions.AddSidecarSecurity(services, configuration);
        services.AddHostedService<SidecarStartup>();
        services.AddOptions<Compaction.RetentionOptions>().Bind(configuration.GetSection(Compaction.RetentionOptions.Section))
            .Validate(o => o.IntervalSeconds > 0 && (o.MaxAge is null || o.MaxAge > TimeSpan.Zero), "Sidecar:Retention: MaxAge must be positive and IntervalSeconds at least 1.")
            .Validate(o => o.MaxBytes is null or > 0, "Sidecar:Retention:MaxBytes must be a positive number of bytes (the live log's size above which its oldest sealed segments are archived).")
            .ValidateOnStart();
        services.TryAddSingleton<Compaction.MaintenanceLock>();
        services.TryAddSingleton<Compaction.OnlineCompaction>();
        services.TryAddSingleton<Compaction.OnlineRefresh>();
        services.AddHostedService<Compaction.RetentionService>();
        SourceWebhooks.SourceWebhookServices.AddSourceWebhooks(services, configuration);

        // After start-up: stopped before it, so no reaction appends once the log is closing.
        services.AddHostedService<ReactionsService>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        return services;
    }

    private static MetricRegistry CreateRegistry(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var build = provider.GetRequiredService<BuildInfo>();
        var registry = new MetricRegistry(new MetricRegistryOptions
        {
            Namespace = options.Namespace,
            MaxSeriesPerFamily = options.MaxSeriesPerFamily,
            TimeProvider = provider.GetRequiredService<TimeProvider>(),
        }).AddStandardCollectors();
        registry.CreateGauge(
            "build_info",
            "A metric with a constant 1 labelled by the version and revision the sidecar was built from.",
            new MetricOptions { LabelNames = ["version", "revision"], KnownLabelSets = [[build.Version, build.Commit]] })
            .WithLabels(build.Version, build.Commit).Set(1);
        return registry;
    }

    private static MetricMapping CreateMapping(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var mapping = MetricMapping.Load(provider.GetRequiredService<MetricRegistry>(), options.MappingFiles);
        Log.MappingLoaded(provider.GetRequiredService<ILogger<MetricMapping>>(), mapping.RuleCount, mapping.FamilyNames.Count);
        return mapping;
    }

    /// <summary>Marks that the services were added, so that the endpoints can say so when they were not.</summary>
    internal sealed class SidecarMarker;
}
