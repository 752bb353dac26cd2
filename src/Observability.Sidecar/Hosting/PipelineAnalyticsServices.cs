using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;

namespace Observability.Sidecar.Hosting;

/// <summary>The issue-4 summaries and run records: their options and views, fed by the one <see cref="AnalyticsFeed"/>.</summary>
internal static class PipelineAnalyticsServices
{
    public static IServiceCollection AddPipelineAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>());
        services.TryAddSingleton<PipelineFacts>();
        services.TryAddSingleton(provider => new PipelineQueries(
            provider.GetRequiredService<PipelineFacts>(), provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value));
        services.TryAddSingleton(provider => new RunRecordView(provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value));
        services.AddSingleton<IAnalyticsView>(provider => provider.GetRequiredService<PipelineFacts>());
        services.AddSingleton<IAnalyticsView>(provider => provider.GetRequiredService<RunRecordView>());
        return services;
    }
}
