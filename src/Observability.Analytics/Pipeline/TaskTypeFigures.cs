namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's <c>by_task_type</c> entry.</summary>
/// <param name="SuccessRate">Completed over total runs of the type, 0..1.</param>
public sealed record TaskTypeFigures(double SuccessRate);
