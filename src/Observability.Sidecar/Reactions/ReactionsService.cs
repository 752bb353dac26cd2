using Observability.Projections;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Reactions;

/// <summary>
/// Runs every <see cref="IReaction"/> once start-up has opened the log, each on its own so a slow one never holds
/// another back. A reaction that fails for a reason nobody foresaw starts again after a pause from what its position
/// (or the log) says, instead of stopping the host. Stopped before the log is closed.
/// </summary>
internal sealed class ReactionsService(
    ReactionSet reactions, ProjectionHost host, EventLogHandle handle, TimeProvider time, ILogger<ReactionsService> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await handle.Started.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        if (handle.Log is null)
        {
            return;
        }

        await Task.WhenAll(reactions.All.Select(r => Task.Run(() => KeepRunningAsync(r, stoppingToken), CancellationToken.None))).ConfigureAwait(false);
    }

    private async Task KeepRunningAsync(IReaction reaction, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reaction.RunAsync(host, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ReactionFailed(logger, reaction.Name, Pause.TotalSeconds, e);
            }

            try
            {
                await Task.Delay(Pause, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
