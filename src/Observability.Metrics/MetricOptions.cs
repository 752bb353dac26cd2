namespace Observability.Metrics;

/// <summary>The definition of one family beyond its name and help: labels, buckets, known label sets.</summary>
public sealed class MetricOptions
{
    /// <summary>Label names, in the order values are given to <c>WithLabels</c>. Default: none.</summary>
    public IReadOnlyList<string> LabelNames { get; init; } = [];

    /// <summary>
    /// Histogram upper bounds, strictly increasing; <c>+Inf</c> is implicit.
    /// Default: <see cref="HistogramBuckets.Default"/>. Ignored for other types.
    /// </summary>
    public IReadOnlyList<double>? Buckets { get; init; }

    /// <summary>
    /// Label-value sets created at registration with value 0, so that <c>rate()</c> and <c>absent()</c>
    /// behave from the first scrape. <see cref="LabelSets.Product"/> builds a cartesian product.
    /// </summary>
    public IEnumerable<IReadOnlyList<string>>? KnownLabelSets { get; init; }

    /// <summary>Whether the registry's namespace prefixes this family's name. Default: true.</summary>
    public bool Namespaced { get; init; } = true;

    /// <summary>Per-family override of <see cref="MetricRegistryOptions.MaxSeriesPerFamily"/>.</summary>
    public int? MaxSeries { get; init; }

    /// <summary>
    /// Whether a family without labels has its only series, at 0, from registration. Default: true, so that
    /// <c>rate()</c> and <c>absent()</c> behave from the first scrape. False leaves the family (HELP and TYPE)
    /// without a sample until the series is first used (<c>Unlabelled</c> or <c>WithLabels()</c>): for a gauge
    /// whose 0 would read as a measurement, such as a coverage percentage before any report. Ignored for
    /// families with labels, whose series always appear on first use or as <see cref="KnownLabelSets"/>.
    /// </summary>
    public bool UnlabelledSeriesAtRegistration { get; init; } = true;
}
