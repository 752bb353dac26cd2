namespace Observability.Sidecar.Hosting;

/// <summary>Says once, at start, where the sidecar's traces and meters go, so an operator can see export is on.</summary>
internal sealed class OtlpAnnouncement(string endpoint, ILogger<OtlpAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.OtlpEnabled(logger, endpoint);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
