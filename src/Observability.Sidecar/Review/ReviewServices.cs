using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Projections;
using Observability.Review;
using Observability.Review.Findings;
using Observability.Review.State;

namespace Observability.Sidecar.Review;

/// <summary>
/// The automated review: its options (validated at start), the two projections (the checks' state and the findings),
/// the runner the schedule and <c>POST /api/v1/review</c> share, the scheduled reaction, and the open-findings gauges.
/// </summary>
internal static class ReviewServices
{
    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReviewOptions>, ReviewOptionsValidator>());
        services.TryAddSingleton(provider => new ReviewState(provider.GetRequiredService<IOptions<ReviewOptions>>().Value));
        services.TryAddSingleton<FindingsProjection>();
        services.TryAddSingleton(provider => new ReviewMetrics(provider.GetRequiredService<MetricRegistry>()));
        services.TryAddSingleton<ReviewRunner>();
        services.TryAddSingleton<ReviewReaction>();
        return services;
    }

    /// <summary>Sets the open-findings gauges at each scrape from the findings as of the last event applied.</summary>
    public static void PublishGauges(IServiceProvider provider, ProjectionHost host, MetricRegistry registry)
    {
        var metrics = provider.GetRequiredService<ReviewMetrics>();
        var findings = provider.GetRequiredService<FindingsProjection>();
        registry.AddCollectCallback(() => metrics.PublishOpen(host.Read(() => findings.OpenByKey.Values.ToList())));
    }
}
