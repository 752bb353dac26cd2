namespace Observability.EventLog.Internal;

/// <summary>
/// Calls an <see cref="IEventLogObserver"/> without letting it throw into the writer loop: telemetry must not stop
/// durability.
/// </summary>
internal sealed class SafeObserver(IEventLogObserver? inner)
{
    public void OnAppended(int records, long bytes, TimeSpan writeDuration, TimeSpan fsyncDuration) =>
        Call(o => o.OnAppended(records, bytes, writeDuration, fsyncDuration));

    public void OnRecovered(string segmentPath, long offset, long droppedBytes, string reason) =>
        Call(o => o.OnRecovered(segmentPath, offset, droppedBytes, reason));

    public void OnWriteFailed(Exception exception) => Call(o => o.OnWriteFailed(exception));

    public void OnSegmentCreated(string segmentPath) => Call(o => o.OnSegmentCreated(segmentPath));

    public void OnDamaged(EventLogDamage damage) => Call(o => o.OnDamaged(damage));

    public void OnRecordsMissing(EventLogGap gap) => Call(o => o.OnRecordsMissing(gap));

    private void Call(Action<IEventLogObserver> notify)
    {
        if (inner is null)
        {
            return;
        }

        try
        {
            notify(inner);
        }
        catch (Exception)
        {
            // An observer bug must not fault appends or kill the writer loop.
        }
    }
}
