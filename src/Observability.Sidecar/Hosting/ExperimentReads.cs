using Microsoft.Extensions.Options;
using Observability.Experiments;
using Observability.Experiments.Experiments;
using Observability.Experiments.Goals;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Experiment and goal answers: the projection's state is copied under the host's lock (read-your-writes through
/// <see cref="DerivedReads"/>), and the statistics are computed outside it, so a query never holds up the host.
/// </summary>
internal sealed class ExperimentReads(
    DerivedReads reads, ExperimentsProjection experiments, GoalsProjection goals, IOptions<ExperimentsOptions> options, TimeProvider time)
{
    private readonly ExperimentsOptions _options = options.Value;

    public ExperimentsProjection Experiments => experiments;

    public GoalsProjection Goals => goals;

    public async Task<ExperimentAnswer?> ExperimentAsync(string name, CancellationToken cancellationToken) =>
        await reads.ReadAsync(() => experiments.Snapshot(name), cancellationToken) is { } snapshot
            ? ExperimentAnswers.Compute(snapshot, _options.Alpha, time.GetUtcNow())
            : null;

    public async Task<IReadOnlyList<ExperimentAnswer>> ExperimentsAsync(CancellationToken cancellationToken) =>
        Answers(await reads.ReadAsync(experiments.SnapshotAll, cancellationToken));

    public async Task<GoalAnswer?> GoalAsync(string name, CancellationToken cancellationToken) =>
        await reads.ReadAsync(() => goals.Snapshot(name), cancellationToken) is { } snapshot
            ? GoalAnswers.Compute(snapshot, time.GetUtcNow(), TimeSpan.FromHours(_options.StalledAfterHours))
            : null;

    public async Task<IReadOnlyList<GoalAnswer>> GoalsAsync(CancellationToken cancellationToken) =>
        Answers(await reads.ReadAsync(goals.SnapshotAll, cancellationToken));

    public static IReadOnlyList<ExperimentAnswer> Answers(IReadOnlyList<ExperimentSnapshot> snapshots, ExperimentsOptions options, DateTimeOffset now) =>
        [.. snapshots.Select(s => ExperimentAnswers.Compute(s, options.Alpha, now))];

    public static IReadOnlyList<GoalAnswer> Answers(IReadOnlyList<GoalSnapshot> snapshots, ExperimentsOptions options, DateTimeOffset now) =>
        [.. snapshots.Select(s => GoalAnswers.Compute(s, now, TimeSpan.FromHours(options.StalledAfterHours)))];

    private IReadOnlyList<ExperimentAnswer> Answers(IReadOnlyList<ExperimentSnapshot> snapshots) => Answers(snapshots, _options, time.GetUtcNow());

    private IReadOnlyList<GoalAnswer> Answers(IReadOnlyList<GoalSnapshot> snapshots) => Answers(snapshots, _options, time.GetUtcNow());
}
