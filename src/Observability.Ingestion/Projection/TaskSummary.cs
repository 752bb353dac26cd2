namespace Observability.Ingestion.Projection;

/// <summary>Task outcomes of the last 24 hours.</summary>
/// <param name="TasksCompleted">Successful outcomes.</param>
/// <param name="SuccessRate">Successful over all outcomes; null with no outcomes.</param>
/// <param name="AverageDurationSeconds">Mean duration of outcomes with a known duration; null with none.</param>
/// <param name="Outcomes">All outcomes, successful or not.</param>
public sealed record TaskSummary(long TasksCompleted, double? SuccessRate, double? AverageDurationSeconds, long Outcomes);
