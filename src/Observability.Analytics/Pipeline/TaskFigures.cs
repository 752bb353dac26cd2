namespace Observability.Analytics.Pipeline;

/// <summary>ADR-009's task figures. Cycle times in seconds (the seed's milliseconds, in base units); null when no task has one.</summary>
/// <param name="Total">Distinct tasks with any task event in scope.</param>
/// <param name="Completed">Distinct tasks with a successful <c>task:completed</c> in scope.</param>
/// <param name="Reworked">Distinct tasks with a <c>task:rework</c> in scope.</param>
/// <param name="AvgCycleTimeSeconds">Mean cycle time of the completed tasks that have one.</param>
/// <param name="P50CycleTimeSeconds">Nearest-rank median (see <see cref="Percentiles"/>).</param>
/// <param name="P90CycleTimeSeconds">Nearest-rank 90th percentile.</param>
public sealed record TaskFigures(
    int Total,
    int Completed,
    int Reworked,
    double? AvgCycleTimeSeconds,
    double? P50CycleTimeSeconds,
    double? P90CycleTimeSeconds);
