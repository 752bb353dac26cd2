using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>Readiness: the host is not stopping (out of rotation first, then drained).</summary>
internal sealed class ShutdownHealthCheck(EventLogHandle state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadinessChecks.Result(state.Stopping ? "stopping" : ReadinessChecks.Ok));
}
