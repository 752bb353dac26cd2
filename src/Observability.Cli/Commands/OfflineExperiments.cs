using Observability.Experiments;
using Observability.Experiments.Experiments;
using Observability.Experiments.Goals;
using Observability.Ingestion;
using Observability.Metrics;
using Observability.Projections;
using Observability.Projections.Compaction;

namespace Observability.Cli.Commands;

/// <summary>
/// The <c>--data-dir</c> side of <c>experiments</c> and <c>goals</c>: the sidecar's experiments and goals projections on a
/// projection host over the log on disk, read-only, answering as <c>GET /api/v1/experiments</c> and <c>/api/v1/goals</c> do.
/// </summary>
internal static class OfflineExperiments
{
    /// <summary>Every experiment's answer, or the one named (null when it is not declared).</summary>
    public static object? Experiments(string eventsDirectory, ExperimentsOptions options, string? name, DateTimeOffset now)
    {
        var experiments = new ExperimentsProjection(options);
        var goals = new GoalsProjection(options);
        var snapshots = Fold(eventsDirectory, experiments, goals, () => experiments.SnapshotAll());
        var answers = snapshots.Select(s => ExperimentAnswers.Compute(s, options.Alpha, now)).ToList();
        return name is null ? new { experiments = answers.Select(ExperimentListItem.Of) } : answers.FirstOrDefault(a => a.Name == name);
    }

    /// <summary>Every goal's answer, or the one named (null when it is not declared).</summary>
    public static object? Goals(string eventsDirectory, ExperimentsOptions options, string? name, DateTimeOffset now)
    {
        var experiments = new ExperimentsProjection(options);
        var goals = new GoalsProjection(options);
        var snapshots = Fold(eventsDirectory, experiments, goals, () => goals.SnapshotAll());
        var stalled = TimeSpan.FromHours(options.StalledAfterHours);
        var answers = snapshots.Select(s => GoalAnswers.Compute(s, now, stalled)).ToList();
        return name is null ? new { goals = answers } : answers.FirstOrDefault(a => a.Name == name);
    }

    private static T Fold<T>(string eventsDirectory, ExperimentsProjection experiments, GoalsProjection goals, Func<T> read)
    {
        var host = new ProjectionHost([experiments, goals], new ProjectionHostOptions { Duplicates = new IngestionWriter(new MetricRegistry()).Duplicates, ArchiveDirectory = CompactionLayout.ArchiveBeside(eventsDirectory) });
        try
        {
            host.ReadAll(eventsDirectory);
            return host.Read(read);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
