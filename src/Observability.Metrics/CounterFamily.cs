using System.Text;
using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>A counter family. Its name always ends in <c>_total</c>; the registry adds the suffix if missing.</summary>
public sealed class CounterFamily : MetricFamily<Counter>
{
    private readonly byte[] _sampleName;
    private readonly byte[] _createdName;

    internal CounterFamily(MetricRegistry registry, string name, string help, string[] labelNames, int maxSeries)
        : base(registry, name, help, MetricType.Counter, labelNames, maxSeries)
    {
        _sampleName = Encoding.UTF8.GetBytes(name);
        _createdName = Encoding.UTF8.GetBytes(name[..^"_total".Length] + "_created");
    }

    private protected override Counter CreateChild(Counter? foldedUpdates) => new(Registry, foldedUpdates);

    private protected override SeriesState ExportChild(Counter child, string[] labelValues, bool isOverflow) =>
        new(labelValues, isOverflow, child.Value, BucketCounts: null, child.Created);

    private protected override void ImportChild(Counter child, in SeriesState state)
    {
        child.Restore(state.Value);
        if (state.Created is { } created)
        {
            child.RestoreCreated(created);
        }
    }

    private protected override string? ValueProblem(in SeriesState state) =>
        base.ValueProblem(state)
        ?? (state.Value >= 0 ? null : $"its value {state.Value} is negative or NaN, which a counter's total never is.");

    private protected override void WriteSeries(ExpositionWriter writer, ExpositionFormat format)
    {
        foreach (var (key, counter) in SortedSeries())
        {
            SampleWriter.WriteDouble(writer, _sampleName, key.Encoded, [], counter.Value, format, counter.Exemplar);
            if (format == ExpositionFormat.OpenMetrics)
            {
                SampleWriter.WriteCreated(writer, _createdName, key.Encoded, counter.CreatedUnixMilliseconds);
            }
        }
    }
}
