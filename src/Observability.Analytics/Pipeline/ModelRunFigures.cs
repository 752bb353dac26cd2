namespace Observability.Analytics.Pipeline;

/// <summary>Seed 003's <c>by_model</c> entry.</summary>
/// <param name="Count">Runs of the model.</param>
/// <param name="AvgDuration">Mean duration in seconds of its runs that have one; null when none has.</param>
public sealed record ModelRunFigures(int Count, double? AvgDuration);
