using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class HistogramTests
{
    [Fact]
    public void Observe_ValuesOnAndBetweenBounds_LandInUpperInclusiveBuckets()
    {
        var registry = new MetricRegistry();
        var histogram = registry.CreateHistogram("h_seconds", "help", [1, 2, 5]).Unlabelled;

        foreach (var v in new[] { 0.5, 1, 1.5, 2, 4.9, 5, 7, double.NaN })
        {
            histogram.Observe(v);
        }

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        Assert.Contains("h_seconds_bucket{le=\"1\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("h_seconds_bucket{le=\"2\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("h_seconds_bucket{le=\"5\"} 6\n", text, StringComparison.Ordinal);
        Assert.Contains("h_seconds_bucket{le=\"+Inf\"} 8\n", text, StringComparison.Ordinal);
        Assert.Contains("h_seconds_count 8\n", text, StringComparison.Ordinal);
        Assert.Contains("h_seconds_sum NaN\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_ManyBounds_UsesBinarySearchWithSameResult()
    {
        var bounds = HistogramBuckets.Linear(1, 1, 40);
        var registry = new MetricRegistry();
        var histogram = registry.CreateHistogram("wide", "help", bounds).Unlabelled;

        histogram.Observe(17);
        histogram.Observe(17.5);
        histogram.Observe(41);

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        Assert.Contains("wide_bucket{le=\"16\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("wide_bucket{le=\"17\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("wide_bucket{le=\"18\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wide_bucket{le=\"40\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("wide_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("wide_sum 75.5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_AfterRepeatedScrapes_KeepsCumulativeTotals()
    {
        var registry = new MetricRegistry();
        var histogram = registry.CreateHistogram("h", "help", [1]).Unlabelled;
        var buckets = new long[2];

        histogram.Observe(0.5);
        Assert.Equal(1, histogram.Snapshot(buckets).Count);
        histogram.Observe(3);
        histogram.Snapshot(buckets);
        var snapshot = histogram.Snapshot(buckets);

        Assert.Equal(2, snapshot.Count);
        Assert.Equal(3.5, snapshot.Sum);
        Assert.Equal([1L, 1L], buckets);
    }

    [Fact]
    public void Observe_WithExemplar_AttachesToTheBucketItLandsIn()
    {
        var registry = new MetricRegistry();
        registry.CreateHistogram("lat_seconds", "help", [0.1, 1]).Unlabelled.Observe(0.5, Exemplar.Of("event_id", "e-9"));

        var om = registry.CollectAsString(ExpositionFormat.OpenMetrics);

        Assert.Contains("lat_seconds_bucket{le=\"1.0\"} 1 # {event_id=\"e-9\"} 0.5 ", om, StringComparison.Ordinal);
        Assert.Contains("lat_seconds_bucket{le=\"0.1\"} 0\n", om, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { 1, 1 })]
    [InlineData(new double[] { 2, 1 })]
    [InlineData(new double[] { double.NaN })]
    [InlineData(new double[] { double.NegativeInfinity, 1 })]
    [InlineData(new double[] { })]
    public void CreateHistogram_InvalidBuckets_Throws(double[] buckets)
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricRegistry().CreateHistogram("bad_seconds", "help", buckets));
        Assert.Contains("bad_seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateHistogram_TrailingInfBound_IsDroppedAsImplicit()
    {
        var family = new MetricRegistry().CreateHistogram("h", "help", [1, double.PositiveInfinity]);

        Assert.Equal([1.0], family.BucketBounds);
    }

    [Fact]
    public void CreateHistogram_NullBuckets_UsesDocumentedDefault()
    {
        var family = new MetricRegistry().CreateHistogram("h_seconds", "help", (IReadOnlyList<double>?)null);

        Assert.Equal(HistogramBuckets.Default, family.BucketBounds);
    }

    [Fact]
    public void Exponential_ThreeBuckets_MultipliesEachTime()
    {
        Assert.Equal([1.0, 10.0, 100.0], HistogramBuckets.Exponential(1, 10, 3));
    }
}
