using Observability.Analytics.Windows;
using Observability.Projections;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// The crossings as the projection host has them (<see cref="StoredCrossingsView"/>), read under its lock; a receiver
/// behind the crossings the view still keeps reads the older ones from the log (<see cref="CrossingLog"/>).
/// </summary>
internal sealed class HostCrossings(ProjectionHost host, StoredCrossingsView view, CrossingLog log) : ICrossingSource
{
    public IReadOnlyList<StoredCrossing> Read(long from, long until, int max)
    {
        var (dropped, kept) = host.Read(() => (view.DroppedThrough, from > view.DroppedThrough ? view.From(from, max) : null));
        if (kept is not null)
        {
            return [.. kept.TakeWhile(c => c.Sequence < until)];
        }

        var older = log.Read(from, Math.Min(until, dropped + 1), max);
        return older.Count > 0 || dropped + 1 >= until ? older : Read(dropped + 1, until, max);
    }
}
