using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Experiments;
using Observability.Experiments.Experiments;
using Observability.Experiments.Goals;
using Observability.Metrics;
using Observability.Projections;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// The experiments and goals projections, their reads, and their gauges (computed from the answers at scrape time,
/// since a goal's status depends on the clock).
/// </summary>
internal static class ExperimentServices
{
    public static IServiceCollection AddExperiments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExperimentsOptions>().Bind(configuration.GetSection(ExperimentsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExperimentsOptions>, ExperimentsOptionsValidator>());
        services.TryAddSingleton(provider => new ExperimentsProjection(provider.GetRequiredService<IOptions<ExperimentsOptions>>().Value));
        services.TryAddSingleton(provider => new GoalsProjection(provider.GetRequiredService<IOptions<ExperimentsOptions>>().Value));
        services.TryAddSingleton<ExperimentReads>();
        return services;
    }

    /// <summary>Registers the gauges; each scrape sets them from the answers as of the last event applied.</summary>
    public static void PublishGauges(IServiceProvider provider, ProjectionHost host, MetricRegistry registry)
    {
        var experiments = new ExperimentsMetrics(registry);
        var goals = new GoalsMetrics(registry);
        var experimentsProjection = provider.GetRequiredService<ExperimentsProjection>();
        var goalsProjection = provider.GetRequiredService<GoalsProjection>();
        var options = provider.GetRequiredService<IOptions<ExperimentsOptions>>().Value;
        var time = provider.GetRequiredService<TimeProvider>();
        registry.AddCollectCallback(() =>
        {
            var (experimentSnapshots, goalSnapshots) = host.Read(() => (experimentsProjection.SnapshotAll(), goalsProjection.SnapshotAll()));
            experiments.Publish(ExperimentReads.Answers(experimentSnapshots, options, time.GetUtcNow()));
            goals.Publish(ExperimentReads.Answers(goalSnapshots, options, time.GetUtcNow()));
        });
    }
}
