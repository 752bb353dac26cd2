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

    /// <summary>The bucket bounds of a histogram family; empty for other types.</summary>
    public virtual IReadOnlyList<double> BucketBounds => [];

    private protected abstract void WriteSeries(ExpositionWriter writer, ExpositionFormat format);
}
