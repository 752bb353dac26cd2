namespace Observability.Analytics.Pipeline;

/// <summary>ADR-009's request figures.</summary>
/// <param name="Total">Distinct requests with a request event in scope.</param>
/// <param name="Closed">Distinct requests with a <c>request:closed</c> in scope.</param>
/// <param name="AvgCycleTimeSeconds">Mean of <c>durationSeconds</c>, else closed minus created, over closed requests that have one.</param>
public sealed record RequestFigures(int Total, int Closed, double? AvgCycleTimeSeconds);
