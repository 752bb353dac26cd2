using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>
/// <c>/health</c>, <c>/readiness</c> and <c>/startup</c> as ASP.NET Core health checks: each endpoint runs the checks
/// with its tag (<see cref="HealthTags"/>), maps their status to the status code it has always answered, and writes
/// the JSON it has always written (<see cref="HealthResponses"/>).
/// </summary>
internal static class SidecarHealthChecks
{
    /// <summary>The sidecar's components, in the order <c>/health</c> lists them.</summary>
    public static readonly string[] Components = ["event_log", "analytics", "webhooks"];

    public static IServiceCollection AddSidecarHealthChecks(this IServiceCollection services)
    {
        var checks = services.AddHealthChecks();
        foreach (var component in Components)
        {
            checks.Add(new HealthCheckRegistration(
                component, provider => new ComponentHealthCheck(provider.GetRequiredService<ServiceStates>(), component), failureStatus: null, [HealthTags.Services]));
        }

        checks.AddCheck<ReplayHealthCheck>("replay", tags: [HealthTags.Ready]);
        checks.AddCheck<EventLogWritableHealthCheck>("event_log_writable", tags: [HealthTags.Ready]);
        checks.AddCheck<DiskHealthCheck>("disk", tags: [HealthTags.Ready]);
        checks.AddCheck<ShutdownHealthCheck>("shutdown", tags: [HealthTags.Ready]);
        checks.AddCheck<StartupHealthCheck>("startup", tags: [HealthTags.Startup]);
        return services;
    }

    public static void MapSidecarHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Liveness answers 200 whatever the components' states: restarting the process mends none of them (a full
        // disk, a receiver that is down), and readiness already takes the sidecar out of rotation when it cannot store
        // events. The opencode metrics contract answers 503 when a service is down; here that is /readiness' job.
        Map(endpoints, "/health", HealthTags.Services, HealthResponses.WriteHealthAsync, StatusCodes.Status200OK, StatusCodes.Status200OK);
        Map(endpoints, "/readiness", HealthTags.Ready, HealthResponses.WriteReadinessAsync, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status503ServiceUnavailable);
        Map(endpoints, "/startup", HealthTags.Startup, HealthResponses.WriteStartupAsync, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status503ServiceUnavailable);
    }

    private static void Map(IEndpointRouteBuilder endpoints, string pattern, string tag, Func<HttpContext, HealthReport, Task> writer, int degraded, int unhealthy) =>
        endpoints.MapHealthChecks(pattern, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(tag),
            ResponseWriter = writer,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = degraded,
                [HealthStatus.Unhealthy] = unhealthy,
            },
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
}
