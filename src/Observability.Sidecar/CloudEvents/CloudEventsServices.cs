using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Observability.Sidecar.CloudEvents;

/// <summary>Registers <c>POST /api/v1/cloudevents</c>'s options (validated at start) and self-metric.</summary>
internal static class CloudEventsServices
{
    public static IServiceCollection AddCloudEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CloudEventsOptions>().Bind(configuration.GetSection(CloudEventsOptions.Section))
            .Validate(
                o => o.MaxEventsPerBatch is >= 1 and <= CloudEventsOptions.MaxMaxEventsPerBatch,
                $"CloudEvents:MaxEventsPerBatch must be from 1 to {CloudEventsOptions.MaxMaxEventsPerBatch}.")
            .ValidateOnStart();
        services.TryAddSingleton<CloudEventsMetrics>();
        return services;
    }
}
