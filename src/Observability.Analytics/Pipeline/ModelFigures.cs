namespace Observability.Analytics.Pipeline;

/// <summary>
/// ADR-009's per-model figures. A task belongs to the model of its latest event that names one (<see cref="TaskAttributes"/>:
/// any of its events up to the query's end, the rule the agent metrics use too).
/// </summary>
/// <param name="TasksCompleted">Completed tasks of this model.</param>
/// <param name="ReworkRate">Reworked tasks of this model over all its tasks (0..1); null when it has none.</param>
/// <param name="AvgCycleTimeSeconds">Mean cycle time of its completed tasks; null when none has one.</param>
/// <param name="TotalTokens">Tokens of every task event in scope that names this model, or names none and belongs to a task of it.</param>
public sealed record ModelFigures(int TasksCompleted, double? ReworkRate, double? AvgCycleTimeSeconds, TokenTotals TotalTokens);
