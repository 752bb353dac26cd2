namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's <c>by_model</c> entry, with the success rate the other breakdowns have.</summary>
/// <param name="Count">Runs of the model.</param>
/// <param name="SuccessRate">Completed over its runs, 0..1.</param>
/// <param name="AvgDuration">Mean duration in seconds of its runs that have one; null when none has.</param>
public sealed record ModelRunFigures(int Count, double SuccessRate, double? AvgDuration);
