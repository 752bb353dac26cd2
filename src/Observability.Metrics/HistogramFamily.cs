using System.Text;
using Observability.Metrics.Exposition;

namespace Observability.Metrics;

/// <summary>A histogram family with fixed bucket bounds.</summary>
public sealed class HistogramFamily : MetricFamily<Histogram>
{
    private readonly double[] _upperBounds;
    private readonly byte[] _bucketName;
    private readonly byte[] _sumName;
    private readonly byte[] _countName;
    private readonly byte[] _createdName;

    // Pre-encoded le="..." labels per format, +Inf last: Go's float form in text, the canonical form in OpenMetrics.
    private readonly byte[][] _textLe;
    private readonly byte[][] _openMetricsLe;

    internal HistogramFamily(MetricRegistry registry, string name, string help, string[] labelNames, double[] upperBounds, int maxSeries)
        : base(registry, name, help, MetricType.Histogram, labelNames, maxSeries)
    {
        _upperBounds = upperBounds;
        _bucketName = Encoding.UTF8.GetBytes(name + "_bucket");
        _sumName = Encoding.UTF8.GetBytes(name + "_sum");
        _countName = Encoding.UTF8.GetBytes(name + "_count");
        _createdName = Encoding.UTF8.GetBytes(name + "_created");
        _textLe = EncodeLe(upperBounds, NumberFormatter.FormatGo);
        _openMetricsLe = EncodeLe(upperBounds, NumberFormatter.FormatOpenMetrics);
    }

    /// <inheritdoc />
    public override IReadOnlyList<double> BucketBounds => _upperBounds;

    private protected override Histogram CreateChild(Counter? foldedUpdates) => new(Registry, _upperBounds, foldedUpdates);

    private protected override SeriesState ExportChild(Histogram child, string[] labelValues, bool isOverflow)
    {
        var buckets = new long[_upperBounds.Length + 1];
        var snapshot = child.Snapshot(buckets);
        return new SeriesState(labelValues, isOverflow, snapshot.Sum, buckets, child.Created);
    }

    private protected override void ImportChild(Histogram child, in SeriesState state)
    {
        child.Restore(state.BucketCounts, state.Value);
        if (state.Created is { } created)
        {
            child.RestoreCreated(created);
        }
    }

    private protected override string? ValueProblem(in SeriesState state)
    {
        var buckets = state.BucketCounts;
        if (buckets is null)
        {
            return "it has no bucket counts.";
        }

        if (buckets.Length != _upperBounds.Length + 1)
        {
            return $"it has {buckets.Length} bucket count(s); the family has {_upperBounds.Length + 1} buckets ({_upperBounds.Length} upper bound(s) and +Inf).";
        }

        long total = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] < 0)
            {
                return $"bucket {i} has a negative count, {buckets[i]}.";
            }

            // The start count has 63 bits; a snapshot near that is corrupt, not real.
            if (buckets[i] > long.MaxValue - total)
            {
                return "its bucket counts add up to more than a histogram can count.";
            }

            total += buckets[i];
        }

        return null;
    }

    private protected override void WriteSeries(ExpositionWriter writer, ExpositionFormat format)
    {
        var le = format == ExpositionFormat.OpenMetrics ? _openMetricsLe : _textLe;
        var buckets = new long[_upperBounds.Length + 1];
        foreach (var (key, histogram) in SortedSeries())
        {
            var snapshot = histogram.Snapshot(buckets);
            long cumulative = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                cumulative += buckets[i];
                SampleWriter.WriteLong(writer, _bucketName, key.Encoded, le[i], cumulative, format, histogram.ExemplarAt(i));
            }

            SampleWriter.WriteDouble(writer, _sumName, key.Encoded, [], snapshot.Sum, format);
            SampleWriter.WriteLong(writer, _countName, key.Encoded, [], snapshot.Count, format);
            if (format == ExpositionFormat.OpenMetrics)
            {
                SampleWriter.WriteCreated(writer, _createdName, key.Encoded, histogram.CreatedUnixMilliseconds);
            }
        }
    }

    private static byte[][] EncodeLe(double[] bounds, Func<double, string> format) =>
        [.. bounds.Select(b => Encoding.UTF8.GetBytes($"le=\"{format(b)}\"")), Encoding.UTF8.GetBytes("le=\"+Inf\"")];
}
