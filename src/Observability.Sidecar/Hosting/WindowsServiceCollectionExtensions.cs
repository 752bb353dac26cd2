using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Hosting;

/// <summary>Seed 004's rolling windows: options, the view (fed by the shared <see cref="AnalyticsFeed"/>), gauges, crossings, and the webhooks driven from the stored crossings.</summary>
internal static class WindowsServiceCollectionExtensions
{
    /// <summary>Registers the windows; idempotent.</summary>
    public static IServiceCollection AddRollingWindows(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(WindowsView)))
        {
            return services;
        }

        services.AddOptions<WindowsOptions>().Bind(configuration.GetSection(WindowsOptions.Section)).ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WindowsOptions>, WindowsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddSingleton(provider => new WindowsView(provider.GetRequiredService<IOptions<WindowsOptions>>().Value));
        services.AddSingleton<IAnalyticsView>(provider => provider.GetRequiredService<WindowsView>());
        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<SidecarState>().Registry;
            var metrics = new WindowsMetrics(registry, provider.GetRequiredService<IOptions<WindowsOptions>>().Value);
            PrecreateCrossingSeries(registry);
            return metrics;
        });
        services.AddSingleton(provider => new WebhookMetrics(
            provider.GetRequiredService<SidecarState>().Registry,
            provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Urls.Count,
            provider.GetRequiredService<ServiceStates>().Webhooks));
        services.AddHostedService<WindowsService>();
        services.AddHostedService<WebhookDeliveryService>();
        return services;
    }

    // threshold_crossings_total is fed by the mapping from the stored threshold:crossed events (so it counts each
    // once, across restarts); its four meaningful label pairs exist at 0 from the first scrape.
    private static void PrecreateCrossingSeries(Metrics.MetricRegistry registry)
    {
        var name = string.IsNullOrEmpty(registry.Options.Namespace) ? "threshold_crossings_total" : $"{registry.Options.Namespace}_threshold_crossings_total";
        if (registry.Families.OfType<Metrics.CounterFamily>().FirstOrDefault(f => f.Name == name) is { } family)
        {
            foreach (var (threshold, direction) in WindowNames.Crossings)
            {
                family.WithLabels(threshold, direction);
            }
        }
    }
}
