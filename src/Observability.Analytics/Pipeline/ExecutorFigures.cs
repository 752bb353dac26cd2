namespace Observability.Analytics.Pipeline;

/// <summary>The executor breakdown (<c>claude_code</c>, <c>human</c>, <c>subagent</c>…) added to the pipeline-observability contract's shape.</summary>
/// <param name="Count">Runs by the executor.</param>
/// <param name="SuccessRate">Completed over its runs, 0..1.</param>
/// <param name="AvgDuration">Mean duration in seconds of its runs that have one; null when none has.</param>
public sealed record ExecutorFigures(int Count, double SuccessRate, double? AvgDuration);
