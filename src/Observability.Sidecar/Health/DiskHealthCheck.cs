using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>Readiness: the data directory's disk has at least <c>Sidecar:MinFreeDiskBytes</c> free.</summary>
internal sealed class DiskHealthCheck(IOptions<SidecarOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        string text;
        try
        {
            var free = new DriveInfo(Path.GetFullPath(settings.DataDirectory)).AvailableFreeSpace;
            text = free >= settings.MinFreeDiskBytes ? ReadinessChecks.Ok : $"low: {free} bytes free, Sidecar:MinFreeDiskBytes is {settings.MinFreeDiskBytes}";
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            text = $"unknown: {e.Message}";
        }

        return Task.FromResult(ReadinessChecks.Result(text));
    }
}
