using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>Readiness: the log is open and replayed.</summary>
internal sealed class ReplayHealthCheck(EventLogHandle state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadinessChecks.Result(ReadinessChecks.Replay(state)));
}
