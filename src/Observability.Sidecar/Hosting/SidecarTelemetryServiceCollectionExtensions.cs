using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// OpenTelemetry for the sidecar's own work, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and not
/// registered at all otherwise, so that without an endpoint no listener samples a request. The other <c>OTEL_*</c>
/// variables (protocol, headers, intervals) are read by the exporter itself. OpenTelemetry.Extensions.Hosting ties
/// the providers to the host: built at start, flushed and disposed at stop. The ASP.NET Core instrumentation names the
/// request span by its route (<c>POST /api/v1/events</c>) with the semantic-convention attributes (method, route, status);
/// the bare <c>Microsoft.AspNetCore</c> source it replaces exported spans with neither. It also records the request span,
/// which our <c>ingest</c> spans need: the default parent-based sampler drops children of an unrecorded parent.
/// </summary>
internal static class SidecarTelemetryServiceCollectionExtensions
{
    /// <summary>The configuration key (an environment variable) that turns export on.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddSidecarTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return services;
        }

        var version = BuildInfo.FromAssembly(typeof(SidecarOptions).Assembly).Version;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("observability-sidecar", serviceVersion: version))
            .WithTracing(tracing => tracing
                .AddSource(SidecarTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(SidecarTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        services.AddHostedService(provider => new OtlpAnnouncement(endpoint, provider.GetRequiredService<ILogger<OtlpAnnouncement>>()));
        return services;
    }
}
