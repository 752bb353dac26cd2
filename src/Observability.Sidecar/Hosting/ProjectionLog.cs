using Observability.Projections;

namespace Observability.Sidecar.Hosting;

/// <summary>The projection host's reports as log lines (its metrics are <see cref="ProjectionMetrics"/>).</summary>
internal sealed class ProjectionLog(ILogger<ProjectionLog> logger) : IProjectionObserver
{
    public void OnReplayed(int events, long unreadable)
    {
    }

    public void OnRestored(long records, string path) => Log.SnapshotRestored(logger, records, path);

    public void OnSnapshotUnused(string path, string reason) => Log.SnapshotUnused(logger, path, reason);

    public void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed) =>
        Log.SnapshotWritten(logger, path, records, bytes, elapsed.TotalSeconds);

    public void OnSnapshotFailed(string path, Exception exception) => Log.SnapshotFailed(logger, path, exception);

    public void OnUnprojected(string projection, long sequence, Exception exception) => Log.Unprojected(logger, projection, sequence, exception);

    public void OnApplied(long position, int events, TimeSpan elapsed)
    {
    }

    public void OnReadTimedOut(long wanted, long applied) => Log.ReadTimedOut(logger, wanted, applied);
}
