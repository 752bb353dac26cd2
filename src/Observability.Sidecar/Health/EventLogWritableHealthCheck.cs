using Microsoft.Extensions.Diagnostics.HealthChecks;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>Readiness: the log's last write succeeded.</summary>
internal sealed class EventLogWritableHealthCheck(EventLogHandle state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var log = state.Log;
        var text = log is null ? "not open" : log.Status.IsWritable ? ReadinessChecks.Ok : $"failing: {log.Status.LastWriteError}";
        return Task.FromResult(ReadinessChecks.Result(text));
    }
}
