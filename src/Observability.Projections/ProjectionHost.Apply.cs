using Observability.Events;

namespace Observability.Projections;

/// <content>Applying one event: the one place events reach projections, at start-up as live.</content>
public sealed partial class ProjectionHost
{
    /// <summary>Applies one event to every projection; call under the lock, in log order.</summary>
    /// <param name="e">The event.</param>
    /// <param name="filter">Replay: pass it through the duplicate filter first (a record whose id is already there is skipped).</param>
    /// <returns>False when it was a duplicate and not applied.</returns>
    private bool ApplyOne(in StoredEvent e, bool filter)
    {
        if (filter && _duplicates is not null && e.Sequence >= _duplicatesFrom && !_duplicates.Admit(e))
        {
            return false;
        }

        foreach (var projection in _projections)
        {
            try
            {
                projection.Apply(e);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // One view's fault (a mapping an operator wrote, a bug) must not cost the others the event, nor stop the
                // host. It is counted; the event stays in the log and a start that replays it applies it again.
                _observer?.OnUnprojected(projection.Name, e.Sequence, exception);
            }
        }

        return true;
    }
}
