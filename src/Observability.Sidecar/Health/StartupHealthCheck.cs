using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>
/// Start-up: over once the replay is, whether the log opened or could not be opened (<c>/readiness</c> and
/// <c>/health</c> name that). The disk does not count: a Kubernetes startup probe on <c>/readiness</c> restarted a
/// sidecar whose disk was low at start in a loop, which frees nothing.
/// </summary>
internal sealed class StartupHealthCheck(EventLogHandle state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var replay = ReadinessChecks.Replay(state);
        var started = state.Log is not null || state.OpenError is not null;
        return Task.FromResult(started ? HealthCheckResult.Healthy(replay) : HealthCheckResult.Unhealthy(replay));
    }
}
