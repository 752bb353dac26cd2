namespace Observability.Projections;

/// <summary>What the host reports about its own work: self-metrics and log lines. Every member must be cheap and never throw.</summary>
public interface IProjectionObserver
{
    /// <summary>Records were read back at start-up: <paramref name="events"/> applied, <paramref name="unreadable"/> not an event.</summary>
    void OnReplayed(int events, long unreadable);

    /// <summary>A snapshot restored the state of the records before <paramref name="records"/>.</summary>
    void OnRestored(long records, string path);

    /// <summary>A snapshot file was there but not used.</summary>
    void OnSnapshotUnused(string path, string reason);

    /// <summary>A snapshot was written.</summary>
    void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed);

    /// <summary>A snapshot could not be written.</summary>
    void OnSnapshotFailed(string path, Exception exception);

    /// <summary>A projection threw on an event; the event stays in the log and the other projections have it.</summary>
    void OnUnprojected(string projection, long sequence, Exception exception);

    /// <summary>Live events were applied: the host's position is now <paramref name="position"/>.</summary>
    void OnApplied(long position, int events, TimeSpan elapsed);

    /// <summary>A query waited longer than allowed for the host to reach a position and was answered with older state.</summary>
    void OnReadTimedOut(long wanted, long applied);
}
