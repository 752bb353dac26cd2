using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Learning;
using Observability.Metrics;
using Observability.Projections;

namespace Observability.Sidecar.Learning;

/// <summary>
/// The learning system: its options (validated at start), its projection, the reflection reaction, and its metrics
/// (set at scrape time, since confidence decays with the clock).
/// </summary>
internal static class LearningServices
{
    public static IServiceCollection AddLearning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LearningOptions>().Bind(configuration.GetSection(LearningOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LearningOptions>, LearningOptionsValidator>());
        services.TryAddSingleton(provider => new LearningProjection(provider.GetRequiredService<IOptions<LearningOptions>>().Value));
        services.TryAddSingleton<ReflectionReaction>();
        return services;
    }

    /// <summary>Registers the learning metrics; each scrape sets them under the host's lock at the clock's now.</summary>
    public static void PublishMetrics(IServiceProvider provider, ProjectionHost host, MetricRegistry registry)
    {
        var metrics = new LearningMetrics(registry);
        var learning = provider.GetRequiredService<LearningProjection>();
        var time = provider.GetRequiredService<TimeProvider>();
        registry.AddCollectCallback(() => host.Read(() =>
        {
            metrics.Publish(learning, time.GetUtcNow());
            return 0;
        }));
    }
}
