using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// <c>Sidecar:Retention:MaxAge</c>: every <c>IntervalSeconds</c>, once the log is open, compacts what is older than
/// the age (counted in <c>agentobs_compactions_total{trigger="retention"}</c> and logged).
/// </summary>
internal sealed class RetentionService(
    OnlineCompaction compaction, EventLogHandle handle, IOptions<RetentionOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.MaxAge is not { } age)
        {
            return;
        }

        await handle.Started.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), time);
        do
        {
            if (handle.Log is null || handle.Stopping)
            {
                continue;
            }

            try
            {
                await compaction.RunAsync(time.GetUtcNow() - age, "retention", stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Counted and logged by the compaction; the next round tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
