using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>
/// One of the sidecar's components (<see cref="ServiceStates"/>) as a health check: up and disabled are healthy,
/// replaying and degraded degraded, failed unhealthy. The component's own state word and detail travel in the data and
/// the description, which <c>/health</c> shows as they are.
/// </summary>
internal sealed class ComponentHealthCheck(ServiceStates states, string component) : IHealthCheck
{
    /// <summary>The data key holding the component's state word (<see cref="ServiceStates.Up"/> ...).</summary>
    public const string StateKey = "state";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reading = states.Read()[component];
        var status = reading.State switch
        {
            ServiceStates.Up or ServiceStates.Disabled => HealthStatus.Healthy,
            ServiceStates.Failed => HealthStatus.Unhealthy,
            _ => HealthStatus.Degraded,
        };
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { [StateKey] = reading.State };
        return Task.FromResult(new HealthCheckResult(status, reading.Detail, data: data));
    }
}
