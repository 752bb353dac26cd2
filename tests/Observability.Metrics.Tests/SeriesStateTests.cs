using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class SeriesStateTests
{
    private static readonly double[] Bounds = [0.1, 1, 10];

    [Fact]
    public void ExportSeries_UnlabelledCounter_IsOneSeriesWithoutLabels()
    {
        var counter = new MetricRegistry().CreateCounter("c_total", "help");
        counter.Unlabelled.Inc(0.1);
        counter.Unlabelled.Inc(0.2);

        var state = Assert.Single(counter.ExportSeries());

        Assert.Empty(state.LabelValues);
        Assert.False(state.IsOverflow);
        Assert.Equal(0.1 + 0.2, state.Value);
        Assert.Null(state.BucketCounts);
    }

    [Fact]
    public void ExportSeries_Histogram_GivesPerBucketCountsAndSum()
    {
        var histogram = new MetricRegistry().CreateHistogram("h", "help", Bounds, "route");
        foreach (var value in (double[])[0.05, 0.5, 0.5, 5, 50])
        {
            histogram.WithLabels("/a").Observe(value);
        }

        var state = Assert.Single(histogram.ExportSeries());

        Assert.Equal(["/a"], state.LabelValues);
        Assert.Equal([1L, 2, 1, 1], Assert.IsType<long[]>(state.BucketCounts));
        Assert.Equal(0.05 + 0.5 + 0.5 + 5 + 50, state.Value);
    }

    [Fact]
    public void ImportSeries_Counters_RestoreExpositionAndLaterIncrements()
    {
        var (a, b) = Pair(static r =>
        {
            r.CreateCounter("fraction_total", "help");
            r.CreateCounter("mixed_total", "help", "kind");
        });
        Counters(a, "fraction_total").Unlabelled.Inc(0.1);
        Counters(a, "fraction_total").Unlabelled.Inc(0.2);
        Counters(a, "mixed_total").WithLabels("large").Inc(3L << 58);
        Counters(a, "mixed_total").WithLabels("whole").Inc(9_007_199_254_740_992L);

        // Beyond 2^53 a total is exported as the double it is written as; later increments add to that.
        Counters(a, "mixed_total").WithLabels("rounded").Inc(9_007_199_254_740_993L);
        Counters(a, "mixed_total").WithLabels("split").Inc(5);
        Counters(a, "mixed_total").WithLabels("split").Inc(0.1);
        Counters(a, "mixed_total").WithLabels("split").Inc(0.2);
        Counters(a, "mixed_total").WithLabels("zero");

        Transfer(a, b);

        AssertSameExposition(a, b);
        Assert.Contains("fraction_total 0.30000000000000004\n", b.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
        foreach (var registry in (MetricRegistry[])[a, b])
        {
            Counters(registry, "fraction_total").Unlabelled.Inc(1);
            Counters(registry, "fraction_total").Unlabelled.Inc(0.7);
            Counters(registry, "mixed_total").WithLabels("large").Inc(1L << 10);
            Counters(registry, "mixed_total").WithLabels("whole").Inc(2);
            Counters(registry, "mixed_total").WithLabels("split").Inc(2);
            Counters(registry, "mixed_total").WithLabels("zero").Inc(0.25);
            Counters(registry, "mixed_total").WithLabels("new").Inc();
        }

        AssertSameExposition(a, b);
    }

    [Fact]
    public void ImportSeries_Gauges_RestoreNegativeNaNInfinityAndZero()
    {
        var (a, b) = Pair(static r =>
        {
            r.CreateGauge("level", "help");
            r.CreateGauge("temperature", "help", new MetricOptions
            {
                LabelNames = ["room"],
                KnownLabelSets = LabelSets.Product(["attic", "cellar", "hall", "kitchen"]),
            });
        });
        Gauges(a, "level").Unlabelled.Set(-42.5);
        Gauges(a, "temperature").WithLabels("attic").Set(double.NaN);
        Gauges(a, "temperature").WithLabels("cellar").Set(-0.1);
        Gauges(a, "temperature").WithLabels("hall").Set(double.PositiveInfinity);

        Transfer(a, b);

        AssertSameExposition(a, b);
        Assert.True(double.IsNaN(Gauges(b, "temperature").WithLabels("attic").Value));
        foreach (var registry in (MetricRegistry[])[a, b])
        {
            Gauges(registry, "level").Unlabelled.Inc(0.5);
            Gauges(registry, "temperature").WithLabels("cellar").Dec(3);
            Gauges(registry, "temperature").WithLabels("attic").Set(21);
        }

        AssertSameExposition(a, b);
    }

    [Fact]
    public void ImportSeries_Histograms_RestoreBucketsSumAndCountAndLaterObservations()
    {
        var (a, b) = Pair(static r =>
        {
            r.CreateHistogram("latency_seconds", "help", Bounds);
            r.CreateHistogram("size_bytes", "help", Bounds, "route");
        });
        foreach (var value in (double[])[0.05, 0.1, 0.7, 3, 3, 9.99, 11, 1e6])
        {
            Histograms(a, "latency_seconds").Unlabelled.Observe(value);
            Histograms(a, "size_bytes").WithLabels("/a").Observe(value * 3);
        }

        Histograms(a, "size_bytes").WithLabels("/b").Observe(double.NaN);
        Histograms(a, "size_bytes").WithLabels("/empty");

        // A scrape before the export moves everything to one shard and flips the hot one: the import
        // must land on whichever is hot in the new family.
        _ = a.CollectAsString(ExpositionFormat.PrometheusText);
        Histograms(a, "latency_seconds").Unlabelled.Observe(0.3);

        Transfer(a, b);

        AssertSameExposition(a, b);
        foreach (var registry in (MetricRegistry[])[a, b])
        {
            Histograms(registry, "latency_seconds").Unlabelled.Observe(0.01);
            Histograms(registry, "latency_seconds").Unlabelled.Observe(100);
            Histograms(registry, "size_bytes").WithLabels("/a").Observe(2);
            Histograms(registry, "size_bytes").WithLabels("/empty").Observe(0.5);
        }

        AssertSameExposition(a, b);

        // Each collection flips the hot shard again; the restored counts must survive the folds.
        AssertSameExposition(a, b);
    }

    [Fact]
    public void ImportSeries_FamiliesBeyondTheirCap_RestoreOverflowSeriesWithoutCountingFoldedUpdates()
    {
        var (a, b) = Pair(static r =>
        {
            r.CreateCounter("requests_total", "help", "path");
            r.CreateGauge("queue_depth", "help", "queue");
            r.CreateHistogram("duration_seconds", "help", Bounds, "op");
        }, maxSeries: 2);
        for (var i = 0; i < 5; i++)
        {
            Counters(a, "requests_total").WithLabels($"/p{i}").Inc(i + 0.5);
            Gauges(a, "queue_depth").WithLabels($"q{i}").Set(-i);
            Histograms(a, "duration_seconds").WithLabels($"op{i}").Observe(i * 2.5);
        }

        var exported = Counters(a, "requests_total").ExportSeries();
        Assert.Equal(3, exported.Count);
        Assert.True(exported[^1].IsOverflow);
        Assert.Equal([MetricFamily<Counter>.OverflowLabelValue], exported[^1].LabelValues);
        Assert.Equal(2.5 + 3.5 + 4.5, exported[^1].Value);

        Transfer(a, b);

        AssertSameExposition(a, b);
        Assert.Equal(3, Counters(b, "requests_total").SeriesCount);
        var folded = Counters(b, "metric_series_folded_total");
        Assert.Equal(3, folded.WithLabels("requests_total").Value);
        foreach (var registry in (MetricRegistry[])[a, b])
        {
            Counters(registry, "requests_total").WithLabels("/p0").Inc();
            Counters(registry, "requests_total").WithLabels("/new").Inc(2);
            Gauges(registry, "queue_depth").WithLabels("new").Set(7);
            Histograms(registry, "duration_seconds").WithLabels("new").Observe(0.5);
        }

        AssertSameExposition(a, b);
        Assert.Equal(4, folded.WithLabels("requests_total").Value);
    }

    [Fact]
    public void ImportSeries_NormalSeriesWithOverflowLabelValues_StaysANormalSeries()
    {
        var (a, b) = Pair(static r => r.CreateCounter("c_total", "help", "id"), maxSeries: 1);
        var overflowValue = MetricFamily<Counter>.OverflowLabelValue;
        Counters(a, "c_total").WithLabels(overflowValue).Inc(2);
        Counters(a, "c_total").WithLabels("other").Inc(3);

        // The caller's value is kept escaped, apart from the overflow series that "other" went to.
        Assert.Equal([@"\" + overflowValue, overflowValue], Counters(a, "c_total").ExportSeries().Select(e => Assert.Single(e.LabelValues)));

        Transfer(a, b);

        AssertSameExposition(a, b);
        Assert.Equal(2, Counters(b, "c_total").WithLabels(overflowValue).Value);
        Assert.Equal(2, Counters(b, "c_total").SeriesCount);
    }

    [Fact]
    public void ImportSeries_NormalSeriesWithTheReservedValue_ThrowsNamingIt()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateCounter("c_total", "help", "id");

        var e = Assert.Throws<InvalidDataException>(() => family.ImportSeries([new SeriesState(["__overflow__"], false, 1, null)]));

        Assert.Contains("'__overflow__' is reserved for the overflow series", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, family.SeriesCount);
    }

    [Fact]
    public void ReplaceSeries_UsedFamilies_HoldExactlyTheSeriesGivenNotAddedTo()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("c_total", "help", "a");
        counter.WithLabels("x").Inc(5);
        counter.WithLabels("gone").Inc(1);
        var histogram = registry.CreateHistogram("h", "help", Bounds, "route");
        histogram.WithLabels("/a").Observe(0.5);
        var fresh = new MetricRegistry();
        var freshCounter = fresh.CreateCounter("c_total", "help", "a");
        freshCounter.WithLabels("x").Inc(2);
        freshCounter.WithLabels("new").Inc(3);
        var freshHistogram = fresh.CreateHistogram("h", "help", Bounds, "route");
        freshHistogram.WithLabels("/a").Observe(5);

        counter.ReplaceSeries(freshCounter.ExportSeries());
        histogram.ReplaceSeries(freshHistogram.ExportSeries());

        Assert.Equal(fresh.CollectAsString(ExpositionFormat.PrometheusText), registry.CollectAsString(ExpositionFormat.PrometheusText));
        counter.WithLabels("gone").Inc();
        Assert.Equal(1, counter.WithLabels("gone").Value);
    }

    [Fact]
    public void ReplaceSeries_InvalidSeries_ThrowsAndLeavesFamilyUnchanged()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateCounter("c_total", "help", "a");
        family.WithLabels("x").Inc(2);
        var before = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.Throws<InvalidDataException>(() => family.ReplaceSeries([new SeriesState(["y"], IsOverflow: false, -1, BucketCounts: null)]));

        Assert.Equal(before, registry.CollectAsString(ExpositionFormat.PrometheusText));
    }

    [Fact]
    public async Task RunExclusive_CollectionStartedMeanwhile_WaitsUntilTheActionEnds()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("c_total", "help").Unlabelled.Inc();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var exclusive = Task.Run(() => registry.RunExclusive(() =>
        {
            inside.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        }));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(10)));

        var scrape = Task.Run(() => registry.CollectAsString(ExpositionFormat.PrometheusText));
        var first = await Task.WhenAny(scrape, Task.Delay(TimeSpan.FromMilliseconds(300)));

        Assert.NotSame(scrape, first);
        release.Set();
        await exclusive.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("c_total 1", await scrape.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportSeries_LabelCountMismatch_ThrowsAndLeavesFamilyUnchanged()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateCounter("c_total", "help", "a", "b");
        family.WithLabels("x", "y").Inc(2);
        var before = registry.CollectAsString(ExpositionFormat.PrometheusText);

        var error = Assert.Throws<InvalidDataException>(() => family.ImportSeries(
        [
            new SeriesState(["x", "y"], IsOverflow: false, 5, BucketCounts: null),
            new SeriesState(["p", "q"], IsOverflow: false, 1, BucketCounts: null),
            new SeriesState(["only"], IsOverflow: false, 1, BucketCounts: null),
        ]));

        Assert.Contains("'c_total'", error.Message, StringComparison.Ordinal);
        Assert.Contains("series 2 (\"only\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 label value(s); the family has 2 label name(s) (a, b)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, registry.CollectAsString(ExpositionFormat.PrometheusText));
        Assert.Equal(1, family.SeriesCount);
    }

    [Fact]
    public void ImportSeries_BucketCountLengthMismatch_ThrowsAndLeavesFamilyUnchanged()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateHistogram("h", "help", Bounds);
        family.Unlabelled.Observe(0.5);
        var before = registry.CollectAsString(ExpositionFormat.PrometheusText);

        var error = Assert.Throws<InvalidDataException>(() => family.ImportSeries(
            [new SeriesState([], IsOverflow: false, 1, [1, 0, 0])]));

        Assert.Contains("'h'", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 bucket count(s); the family has 4 buckets", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, registry.CollectAsString(ExpositionFormat.PrometheusText));
    }

    [Theory]
    [InlineData(-1d)]
    [InlineData(double.NaN)]
    public void ImportSeries_CounterValueNegativeOrNaN_Throws(double value)
    {
        var family = new MetricRegistry().CreateCounter("c_total", "help");

        var error = Assert.Throws<InvalidDataException>(() => family.ImportSeries(
            [new SeriesState([], IsOverflow: false, value, BucketCounts: null)]));

        Assert.Contains("negative or NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, family.Unlabelled.Value);
    }

    [Fact]
    public void ImportSeries_NegativeBucketCount_Throws()
    {
        var family = new MetricRegistry().CreateHistogram("h", "help", Bounds);

        var error = Assert.Throws<InvalidDataException>(() => family.ImportSeries(
            [new SeriesState([], IsOverflow: false, 0, [1, -1, 0, 0])]));

        Assert.Contains("bucket 1 has a negative count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportSeries_OverflowMarkWithOtherLabelValues_Throws()
    {
        var family = new MetricRegistry().CreateGauge("g", "help", "a");

        var error = Assert.Throws<InvalidDataException>(() => family.ImportSeries(
            [new SeriesState(["x"], IsOverflow: true, 1, BucketCounts: null)]));

        Assert.Contains("overflow series", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, family.SeriesCount);
    }

    private static (MetricRegistry A, MetricRegistry B) Pair(Action<MetricRegistry> register, int maxSeries = MetricRegistryOptions.DefaultMaxSeriesPerFamily)
    {
        var a = new MetricRegistry(new MetricRegistryOptions { MaxSeriesPerFamily = maxSeries });
        var b = new MetricRegistry(new MetricRegistryOptions { MaxSeriesPerFamily = maxSeries });
        register(a);
        register(b);
        return (a, b);
    }

    // Every family, the registry's own metric_series_folded_total included, as a snapshot would carry them.
    private static void Transfer(MetricRegistry from, MetricRegistry to)
    {
        foreach (var family in from.Families)
        {
            to.Families.Single(f => f.Name == family.Name).ImportSeries(family.ExportSeries());
        }
    }

    private static void AssertSameExposition(MetricRegistry a, MetricRegistry b)
    {
        Assert.Equal(a.CollectAsString(ExpositionFormat.PrometheusText), b.CollectAsString(ExpositionFormat.PrometheusText));
        Assert.Equal(a.CollectAsString(ExpositionFormat.OpenMetrics), b.CollectAsString(ExpositionFormat.OpenMetrics));
    }

    private static CounterFamily Counters(MetricRegistry registry, string name) => (CounterFamily)Family(registry, name);

    private static GaugeFamily Gauges(MetricRegistry registry, string name) => (GaugeFamily)Family(registry, name);

    private static HistogramFamily Histograms(MetricRegistry registry, string name) => (HistogramFamily)Family(registry, name);

    private static MetricFamily Family(MetricRegistry registry, string name) => registry.Families.Single(f => f.Name == name);
}
