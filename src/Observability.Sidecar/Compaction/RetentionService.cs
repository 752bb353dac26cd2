using Microsoft.Extensions.Options;
using Observability.EventLog.Archive;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// <c>Sidecar:Retention</c>: every <c>IntervalSeconds</c>, once the log is open, compacts what is older than
/// <c>MaxAge</c>, then, while the live log holds more than <c>MaxBytes</c>, its oldest sealed segments (each counted in
/// <c>agentobs_compactions_total{trigger="retention"}</c> and logged).
/// </summary>
internal sealed class RetentionService(
    OnlineCompaction compaction, EventLogHandle handle, IOptions<RetentionOptions> options, IOptions<SidecarOptions> sidecar, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.MaxAge is null && settings.MaxBytes is null)
        {
            return;
        }

        await handle.Started.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalSeconds), time);
        do
        {
            if (handle.Log is null || handle.Stopping)
            {
                continue;
            }

            try
            {
                if (settings.MaxAge is { } age)
                {
                    await compaction.RunAsync(time.GetUtcNow() - age, "retention", stoppingToken).ConfigureAwait(false);
                }

                if (settings.MaxBytes is { } maxBytes && EventLogArchive.LiveBytes(Path.Combine(sidecar.Value.DataDirectory, "events")) is var bytes && bytes > maxBytes)
                {
                    await compaction.RunBySizeAsync(bytes, maxBytes, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Counted and logged by the compaction; the next round tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
