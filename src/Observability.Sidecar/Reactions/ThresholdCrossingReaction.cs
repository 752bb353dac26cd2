using Observability.Analytics.Windows;
using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Projections;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Reactions;

/// <summary>
/// Stores the rolling merge windows' threshold crossings: each crossing the windows derive is appended to the log as a
/// <c>threshold:crossed</c> event through the ingestion writer (validated, durable, applied like any event), with the
/// deterministic id <c>crossing:&lt;threshold&gt;:&lt;project&gt;:&lt;merge id&gt;</c>.
/// </summary>
/// <remarks>
/// The log is this reaction's position: a crossing is pending in <see cref="MergeWindowsView"/> until its event is
/// applied, which is derived state like any other. After a crash between a merge's append and its crossing's, the start
/// re-derives the crossing as pending and it is appended then; after a crash between the crossing's append and its
/// application, the start finds its event in the log and it is not pending. A duplicate answer (the id already stored)
/// means done. So every crossing is in the log exactly once, and no position file can disagree with the log.
/// </remarks>
internal sealed class ThresholdCrossingReaction(
    IngestionWriter writer, MergeWindowsView windows, EventLogHandle handle, ReactionHold hold, TimeProvider time, ILogger<ThresholdCrossingReaction> logger)
    : IReaction
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);

    public string Name => "threshold-crossings";

    public async Task RunAsync(ProjectionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        while (!cancellationToken.IsCancellationRequested)
        {
            var applied = host.Applied;
            var pending = host.Read(() => windows.PendingCrossings).Where(c => !_rejected.Contains(c.EventId)).Take(BatchResult.MaxListedItems).ToList();
            if (pending.Count == 0 || handle.Log is not { } log || handle.Stopping)
            {
                await host.WaitForAsync(applied + 1, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!await StoreAsync(pending, cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Applied, they are no longer pending: wait for that rather than read them again as pending.
            await host.WaitForAsync(log.Status.NextSequence, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> StoreAsync(List<ThresholdCrossing> crossings, CancellationToken cancellationToken)
    {
        var items = crossings.Select((c, i) => new BatchItem(i, c.ToEventJson(), null)).ToList();
        BatchResult result;
        try
        {
            result = await writer.IngestAsync(items, cancellationToken).ConfigureAwait(false);
        }
        catch (EventLogUnavailableException e)
        {
            Log.CrossingsNotStored(logger, crossings.Count, e);
            return false;
        }

        for (var i = 0; i < crossings.Count; i++)
        {
            var crossing = crossings[i];
            var item = result.Items[i];
            switch (item.Status)
            {
                case ItemResult.Accepted:
                    Log.ThresholdCrossed(logger, crossing.Threshold, crossing.Direction, crossing.Project, crossing.Value, crossing.N, crossing.Window, crossing.EventId);
                    break;
                case ItemResult.Rejected:
                    // Never appended, so it would stay pending: remembered, so it is not sent again and again.
                    _rejected.Add(crossing.EventId);
                    Log.CrossingRejected(logger, crossing.EventId, item.Field, item.Reason);
                    break;
                default:
                    // Already in the log under its deterministic id.
                    break;
            }
        }

        return true;
    }
}
