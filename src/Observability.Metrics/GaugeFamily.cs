using System.Text;
using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>A gauge family.</summary>
public sealed class GaugeFamily : MetricFamily<Gauge>
{
    private readonly byte[] _sampleName;

    internal GaugeFamily(MetricRegistry registry, string name, string help, string[] labelNames, int maxSeries)
        : base(registry, name, help, MetricType.Gauge, labelNames, maxSeries)
    {
        _sampleName = Encoding.UTF8.GetBytes(name);
    }

    private protected override Gauge CreateChild(Counter? foldedUpdates) => new(foldedUpdates);

    private protected override SeriesState ExportChild(Gauge child, string[] labelValues, bool isOverflow) =>
        new(labelValues, isOverflow, child.Value, BucketCounts: null);

    private protected override void ImportChild(Gauge child, in SeriesState state) => child.Restore(state.Value);

    private protected override string? ValueProblem(in SeriesState state) =>
        base.ValueProblem(state)
        ?? (state.Created is null ? null : "it has a creation time, which only counter and histogram series have.");

    private protected override void WriteSeries(ExpositionWriter writer, ExpositionFormat format)
    {
        foreach (var (key, gauge) in SortedSeries())
        {
            SampleWriter.WriteDouble(writer, _sampleName, key.Encoded, [], gauge.Value, format);
        }
    }
}
