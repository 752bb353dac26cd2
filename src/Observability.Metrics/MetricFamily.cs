using System.Text;
using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>A named metric family: its definition and its series, written as one group.</summary>
public abstract class MetricFamily
{
    private readonly byte[] _textHeader;
    private readonly byte[] _openMetricsHeader;

    private protected MetricFamily(string name, string help, MetricType type, string[] labelNames, int maxSeries)
    {
        Name = name;
        Help = help;
        Type = type;
        LabelNames = labelNames;
        MaxSeries = maxSeries;

        // Counters carry _total on samples; the text format names the family after its samples,
        // OpenMetrics after the base name.
        var openMetricsName = type == MetricType.Counter ? name[..^"_total".Length] : name;
        var typeName = type.ToString().ToLowerInvariant();
        _textHeader = Encoding.UTF8.GetBytes(
            $"# HELP {name} {Escaping.EscapeHelp(help, openMetrics: false)}\n# TYPE {name} {typeName}\n");
        _openMetricsHeader = Encoding.UTF8.GetBytes(
            $"# HELP {openMetricsName} {Escaping.EscapeHelp(help, openMetrics: true)}\n# TYPE {openMetricsName} {typeName}\n");
    }

    /// <summary>The family's full name as its samples carry it (counters end in <c>_total</c>).</summary>
    public string Name { get; }

    /// <summary>The HELP text.</summary>
    public string Help { get; }

    /// <summary>The metric type.</summary>
    public MetricType Type { get; }

    /// <summary>The label names, in the order values are given.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Series the family holds before new label sets fold into the overflow series.</summary>
    public int MaxSeries { get; }

    /// <summary>Series currently held, the overflow series included.</summary>
    public abstract int SeriesCount { get; }

    internal void Write(ExpositionWriter writer, ExpositionFormat format)
    {
        writer.Write(format == ExpositionFormat.OpenMetrics ? _openMetricsHeader : _textHeader);
        WriteSeries(writer, format);
    }

    /// <summary>Counter of updates folded into this family's overflow series; set once by the registry.</summary>
    internal Counter? FoldedUpdates { get; set; }

    /// <summary>Creates the series for a known label set at 0.</summary>
    internal abstract void Precreate(IReadOnlyList<string> labelValues);

    /// <summary>Creates the only series of a family without labels at 0 (the registry calls it unless asked not to).</summary>
    internal abstract void CreateUnlabelledSeries();

    /// <summary>The bucket bounds of a histogram family; empty for other types.</summary>
    public virtual IReadOnlyList<double> BucketBounds => [];

    /// <summary>
    /// Every series the family holds, with its value: the only series of a family without labels, the
    /// labelled ones, and the overflow series. <see cref="ImportSeries"/> restores them into a new family,
    /// for a snapshot written at shutdown and read back at start.
    /// </summary>
    /// <remarks>
    /// Each series is read as a scrape reads it (a histogram's buckets and sum from the same observations);
    /// an update made while the export runs may land before or after its series is read. Exemplars are not exported.
    /// </remarks>
    /// <returns>The series in the order they are written, the overflow series last.</returns>
    public abstract IReadOnlyList<SeriesState> ExportSeries();

    /// <summary>
    /// Adds exported series into this family, which must have the same label names (and, for a histogram,
    /// the same bucket bounds). Imported into a new family, the family is then written exactly as the
    /// exported one was, exemplars aside, and later updates add to the restored values.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Counter totals and histogram buckets and sums are added to the series (a new series starts at 0);
    /// a gauge's value replaces the series' value, since a gauge is a level, not an accumulation. A counter
    /// total above 2^53 is restored as the double it is written as, not as the exact whole count behind it.
    /// A counter's or histogram's <see cref="SeriesState.Created"/>, when given, replaces the series' creation
    /// time, so OpenMetrics' <c>_created</c> keeps the time the restored total counts from rather than the import's.
    /// </para>
    /// <para>
    /// A series marked <see cref="SeriesState.IsOverflow"/> is restored into the overflow series. Any other
    /// series is found or created as <c>WithLabels</c> does, so one that no longer fits under the family's
    /// cap folds into the overflow series. Importing is not counted as updates folded into the overflow
    /// series: that count is a series of the registry's own <c>metric_series_folded_total</c> family, which a
    /// caller restores with that family if it wants the count to continue (counting the import as well would
    /// then count those updates twice), or leaves to start again from 0 like a process's other self-metrics.
    /// </para>
    /// <para>Every series is validated before any is changed.</para>
    /// </remarks>
    /// <param name="series">Series as <see cref="ExportSeries"/> returned them.</param>
    /// <exception cref="InvalidDataException">
    /// A series does not fit this family (label-value count, bucket-count length, a negative counter
    /// value or bucket count); the message names the family, the series and the problem, and no series was changed.
    /// </exception>
    public abstract void ImportSeries(IEnumerable<SeriesState> series);

    /// <summary>
    /// Replaces every series of the family with <paramref name="series"/>: the family then holds exactly those series
    /// with exactly those values, as a new family that imported them would (a refresh of a running sidecar's derived
    /// families). Series not in <paramref name="series"/> are removed; a later update creates them afresh at 0.
    /// </summary>
    /// <remarks>Every series is validated before any is changed. A scrape must not run meanwhile (it could write a half-replaced family).</remarks>
    /// <exception cref="InvalidDataException">As <see cref="ImportSeries"/>; no series was changed.</exception>
    public abstract void ReplaceSeries(IEnumerable<SeriesState> series);

    private protected abstract void WriteSeries(ExpositionWriter writer, ExpositionFormat format);
}
