namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's <c>execution_time</c>: nearest-rank percentiles in seconds, null without durations.</summary>
/// <param name="P50Seconds">Median.</param>
/// <param name="P95Seconds">95th percentile.</param>
public sealed record ExecutionTimeFigures(double? P50Seconds, double? P95Seconds);
