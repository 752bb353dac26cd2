using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;
using Observability.Analytics.Windows;
using Observability.Experiments;
using Observability.Experiments.Experiments;
using Observability.Experiments.Goals;
using Observability.Ingestion;
using Observability.Metrics;
using Observability.Projections;
using Observability.Projections.Compaction;

namespace Observability.Cli.Commands;

/// <summary>
/// The <c>--data-dir</c> side of <c>refresh</c>: discards the state snapshot, so the sidecar's next start derives every
/// view from the log instead of restoring one, and folds the whole log through every view the CLI has (the analytics,
/// experiments and goals projections) to show that it folds and how long that takes.
/// </summary>
internal static class OfflineRefresh
{
    /// <summary>The snapshot a sidecar on this data directory restores at start.</summary>
    public const string SnapshotFile = "state.snapshot";

    public static RefreshAnswer Run(
        string dataDirectory, AnalyticsOptions analytics, WindowsOptions windows, ExperimentsOptions experiments, CliProgress progress)
    {
        var snapshot = Path.Combine(dataDirectory, SnapshotFile);
        var discarded = File.Exists(snapshot);
        File.Delete(snapshot);

        var events = CommonOptions.EventsDirectory(new DirectoryInfo(dataDirectory));
        progress.Total = EventLogRecords(events);
        var counter = new ReplayCounter(progress);
        IProjection[] views =
        [
            new PipelineFacts(), new RunRecordView(analytics), new MergeWindowsView(windows), new StoredCrossingsView(),
            new ExperimentsProjection(experiments), new GoalsProjection(experiments),
        ];
        var host = new ProjectionHost(views, new ProjectionHostOptions { Duplicates = new IngestionWriter(new MetricRegistry()).Duplicates, Observer = counter, ArchiveDirectory = CompactionLayout.ArchiveBeside(events) });
        try
        {
            host.ReadAll(events);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return new RefreshAnswer("offline", discarded, counter.Events, counter.Unreadable, host.Applied, [.. views.Select(v => v.Name)], progress.Elapsed.TotalSeconds);
    }

    private static long EventLogRecords(string events) => Observability.EventLog.EventLogReader.NextSequence(events);

    /// <summary>Counts what the replay applied and reports it as progress.</summary>
    private sealed class ReplayCounter(CliProgress progress) : IProjectionObserver
    {
        public long Events { get; private set; }

        public long Unreadable { get; private set; }

        public void OnReplayed(int events, long unreadable)
        {
            Events += events;
            Unreadable += unreadable;
            progress.Report(Events + Unreadable);
        }

        public void OnRestored(long records, string path)
        {
        }

        public void OnSnapshotUnused(string path, string reason)
        {
        }

        public void OnSnapshotWritten(string path, long records, long bytes, TimeSpan elapsed)
        {
        }

        public void OnSnapshotFailed(string path, Exception exception)
        {
        }

        public void OnUnprojected(string projection, long sequence, Exception exception)
        {
        }

        public void OnApplied(long position, int events, TimeSpan elapsed)
        {
        }

        public void OnReadTimedOut(long wanted, long applied)
        {
        }
    }
}

/// <summary>
/// What a refresh did: whether a snapshot was discarded, the events folded and the records that could not be read, the
/// log position reached, the views rebuilt and how long it took (<see cref="Mode"/> names where: offline).
/// </summary>
internal sealed record RefreshAnswer(string Mode, bool SnapshotDiscarded, long Events, long Unreadable, long Position, IReadOnlyList<string> Views, double Seconds);
