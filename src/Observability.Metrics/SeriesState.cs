namespace Observability.Metrics;

/// <summary>
/// One series of a family with its value, as <see cref="MetricFamily.ExportSeries"/> reads it and
/// <see cref="MetricFamily.ImportSeries"/> restores it: for a snapshot written at shutdown and read
/// back at start, so a restart does not replay every event to rebuild its metrics.
/// </summary>
/// <remarks>Exemplars are not part of the state. Equality compares the label list and the bucket array by reference.</remarks>
/// <param name="LabelValues">The label values in label-name order; empty for a family without labels.</param>
/// <param name="IsOverflow">
/// Whether this is the series new label sets fold into once the family reached its series cap; its
/// label values are all <see cref="MetricFamily{TChild}.OverflowLabelValue"/>.
/// </param>
/// <param name="Value">A counter's total, a gauge's value, or a histogram's sum.</param>
/// <param name="BucketCounts">
/// A histogram's per-bucket counts, not cumulative, one per upper bound and the last for <c>+Inf</c>;
/// null for counters and gauges.
/// </param>
/// <param name="Created">
/// When a counter or histogram series started counting (OpenMetrics' <c>_created</c>), so a restored series keeps the
/// time its restored total counts from; null for gauges, and for a state that does not know it (the series then keeps
/// the time it was created at by the import).
/// </param>
public readonly record struct SeriesState(IReadOnlyList<string> LabelValues, bool IsOverflow, double Value, long[]? BucketCounts, DateTimeOffset? Created = null);
