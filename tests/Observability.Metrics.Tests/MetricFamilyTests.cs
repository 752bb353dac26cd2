using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class MetricFamilyTests
{
    [Fact]
    public void WithLabels_SameValues_ReturnsCachedChild()
    {
        var family = new MetricRegistry().CreateCounter("c_total", "help", "a", "b");

        Assert.Same(family.WithLabels("x", "y"), family.WithLabels("x", "y"));
        Assert.NotSame(family.WithLabels("x", "y"), family.WithLabels("y", "x"));
    }

    [Fact]
    public void WithLabels_CachedHit_AllocatesNothing()
    {
        var family = new MetricRegistry().CreateCounter("c_total", "help", "agent_type", "task_type", "success");
        family.WithLabels("impl", "spec", "true").Inc();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            family.WithLabels("impl", "spec", "true").Inc();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WithLabels_WrongNumberOfValues_ThrowsNamingLabels()
    {
        var family = new MetricRegistry().CreateCounter("c_total", "help", "a", "b");

        var error = Assert.Throws<ArgumentException>(() => family.WithLabels("only-one"));
        Assert.Contains("takes 2 label value(s) (a, b); 1 given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithLabels_NullValue_IsTheEmptyValue()
    {
        var family = new MetricRegistry().CreateGauge("g", "help", "a");

        Assert.Same(family.WithLabels(string.Empty), family.WithLabels((string)null!));
    }

    [Fact]
    public void Unlabelled_OnLabelledFamily_ThrowsNamingLabels()
    {
        var family = new MetricRegistry().CreateGauge("g", "help", "room");

        var error = Assert.Throws<InvalidOperationException>(() => family.Unlabelled);
        Assert.Contains("room", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithLabels_OverLongValue_IsTruncatedToTheCap()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { MaxLabelValueLength = 8 });
        var family = registry.CreateCounter("c_total", "help", "id");

        family.WithLabels("0123456789abcdef").Inc();
        family.WithLabels("01234567-other-suffix").Inc();

        Assert.Contains("c_total{id=\"01234567\"} 2\n", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void WithLabels_TruncationAtSurrogatePair_DoesNotSplitIt()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { MaxLabelValueLength = 3 });
        var family = registry.CreateCounter("c_total", "help", "id");

        family.WithLabels("ab🚀cd").Inc();

        Assert.Contains("c_total{id=\"ab\"} 1\n", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void WithLabels_BeyondSeriesCap_FoldsIntoOverflowAndCountsUpdates()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t", MaxSeriesPerFamily = 3 });
        var family = registry.CreateCounter("events_total", "help", "source", "kind");

        for (var i = 0; i < 10; i++)
        {
            family.WithLabels($"source-{i}", "k").Inc();
        }

        family.WithLabels("source-1", "k").Inc();

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        Assert.Equal(4, family.SeriesCount);
        Assert.Contains("t_events_total{source=\"source-1\",kind=\"k\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("t_events_total{source=\"__overflow__\",kind=\"__overflow__\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("t_metric_series_folded_total{family=\"t_events_total\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("t_metric_series{family=\"t_events_total\"} 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithLabels_CallerValueEqualToTheOverflowValue_StaysApartFromTheOverflowSeries()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t", MaxSeriesPerFamily = 2 });
        var family = registry.CreateCounter("events_total", "help", "source");

        // Two clients' values: the reserved one, and the reserved one behind a backslash (what the first is kept as).
        family.WithLabels("__overflow__").Inc();
        family.WithLabels(@"\__overflow__").Inc(10);
        family.WithLabels("a").Inc(100);
        family.WithLabels("__overflow__").Inc();
        family.WithLabels(@"\__overflow__").Inc(10);

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        var series = text.Split('\n').Where(l => l.StartsWith("t_events_total{", StringComparison.Ordinal)).ToList();
        // Kept as \__overflow__ and \\__overflow__ (escaped on the wire as \\ and \\\\); "a" folded into the real one.
        Assert.Equal(
            ["t_events_total{source=\"\\\\\\\\__overflow__\"} 20", "t_events_total{source=\"\\\\__overflow__\"} 2", "t_events_total{source=\"__overflow__\"} 100"],
            series.Order(StringComparer.Ordinal));
        Assert.Contains("t_metric_series_folded_total{family=\"t_events_total\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(3, family.SeriesCount);
    }

    [Fact]
    public void Remove_CallerValueEqualToTheOverflowValue_RemovesTheCallersSeriesOnly()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t", MaxSeriesPerFamily = 1 });
        var family = registry.CreateGauge("depth", "help", "queue");
        family.WithLabels("__overflow__").Set(3);
        family.WithLabels("b").Set(4);

        Assert.True(family.Remove("__overflow__"));

        Assert.Equal(["t_depth{queue=\"__overflow__\"} 4"], registry.CollectAsString(ExpositionFormat.PrometheusText).Split('\n').Where(l => l.StartsWith("t_depth{", StringComparison.Ordinal)));
    }

    [Fact]
    public void WithLabels_PerFamilyCapOverride_WinsOverRegistryDefault()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { MaxSeriesPerFamily = 1 });
        var family = registry.CreateGauge("g", "help", new MetricOptions { LabelNames = ["a"], MaxSeries = 5 });

        for (var i = 0; i < 5; i++)
        {
            family.WithLabels(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(i);
        }

        Assert.Equal(5, family.SeriesCount);
        Assert.DoesNotContain("__overflow__", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_SeriesWithinFamily_AreSortedByLabelValues()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateGauge("g", "help", "a");
        family.WithLabels("b").Set(2);
        family.WithLabels("a").Set(1);
        family.WithLabels("c").Set(3);

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.Contains("g{a=\"a\"} 1\ng{a=\"b\"} 2\ng{a=\"c\"} 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithLabels_DistinctLoneSurrogates_AreOneSeriesAsOnTheWire()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateCounter("c_total", "help", "v");

        family.WithLabels("\uD800").Inc();
        family.WithLabels("\uDC00").Inc(2);
        family.WithLabels("\uFFFD").Inc(3);

        Assert.Equal(1, family.SeriesCount);
        Assert.Contains("c_total{v=\"\uFFFD\"} 6\n", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void Exemplar_NulInValue_IsReplacedSoPrometheusCanParseIt()
    {
        var exemplar = Exemplar.Of("trace_id", "x\0y");

        Assert.Equal("x\uFFFDy", exemplar.Labels[0].Value);
    }

    [Fact]
    public void WithLabels_OverLongValueAlreadySeen_HitsCacheWithoutAllocating()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { MaxLabelValueLength = 8 });
        var family = registry.CreateCounter("c_total", "help", "id");
        var longValue = new string('a', 100);
        var child = family.WithLabels(longValue);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(child, family.WithLabels(longValue));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(child, family.WithLabels("aaaaaaaa"));
        Assert.NotSame(child, family.WithLabels("aaaaaaa"));
    }

    [Fact]
    public void WithLabels_AtCapWithNewLabels_GoesToOverflowWithoutAllocating()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { MaxSeriesPerFamily = 2 });
        var family = registry.CreateCounter("c_total", "help", "id");
        family.WithLabels("a");
        family.WithLabels("b");
        var overflow = family.WithLabels("c");
        var fresh = Enumerable.Range(0, 100).Select(i => "new-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var value in fresh)
        {
            Assert.Same(overflow, family.WithLabels(value));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3, family.SeriesCount);
    }

    [Fact]
    public void Remove_ExistingSeries_LeavesHelpAndTypeAndRecreatesAtZero()
    {
        var registry = new MetricRegistry();
        var family = registry.CreateGauge("rate", "A rate.", "project");
        family.WithLabels("a").Set(0.5);
        family.WithLabels("b").Set(0.25);

        Assert.True(family.Remove("a"));
        Assert.False(family.Remove("a"));
        Assert.False(family.Remove("never"));
        Assert.Equal(1, family.SeriesCount);
        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        Assert.Contains("# HELP rate A rate.\n# TYPE rate gauge\nrate{project=\"b\"} 0.25\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("project=\"a\"", text, StringComparison.Ordinal);

        Assert.True(family.Remove("b"));
        Assert.Contains("# HELP rate A rate.\n# TYPE rate gauge\n", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
        Assert.DoesNotContain("rate{", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
        Assert.Equal(0, family.WithLabels("a").Value);
    }
}
