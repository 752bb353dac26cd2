using Microsoft.Extensions.Time.Testing;
using Observability.Metrics.Exposition;
using Observability.Metrics.Tests.Support;

namespace Observability.Metrics.Tests;

/// <summary>
/// OpenMetrics' <c>_created</c> samples: counters and histograms carry the time each series started counting, by the
/// registry's clock, unchanged from scrape to scrape and kept through a snapshot's export and import.
/// </summary>
public sealed class CreatedTimestampTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Fact]
    public void OpenMetrics_CounterAndHistogram_HaveCreatedAtTheirCreationTime_GaugeHasNone()
    {
        var clock = new FakeTimeProvider(Start);
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t", TimeProvider = clock });
        var requests = registry.CreateCounter("requests_total", "help", "code");
        var latency = registry.CreateHistogram("latency_seconds", "help", [1], "route");
        registry.CreateGauge("level", "help").Unlabelled.Set(3);
        requests.WithLabels("200").Inc();
        clock.SetUtcNow(Start.AddSeconds(10));
        requests.WithLabels("500").Inc();
        latency.WithLabels("/a").Observe(0.5);

        var text = registry.CollectAsString(ExpositionFormat.OpenMetrics);

        Assert.Contains("t_requests_total{code=\"200\"} 1.0\nt_requests_created{code=\"200\"} 1772600767.890\n", text, StringComparison.Ordinal);
        Assert.Contains("t_requests_total{code=\"500\"} 1.0\nt_requests_created{code=\"500\"} 1772600777.890\n", text, StringComparison.Ordinal);
        Assert.Contains("t_latency_seconds_count{route=\"/a\"} 1\nt_latency_seconds_created{route=\"/a\"} 1772600777.890\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("t_level_created", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetrics_LaterScrapes_KeepTheCreationTime()
    {
        var clock = new FakeTimeProvider(Start);
        var registry = new MetricRegistry(new MetricRegistryOptions { TimeProvider = clock });
        var counter = registry.CreateCounter("jobs_total", "help");
        var first = registry.CollectAsString(ExpositionFormat.OpenMetrics);

        clock.SetUtcNow(Start.AddHours(1));
        counter.Unlabelled.Inc(5);
        var second = registry.CollectAsString(ExpositionFormat.OpenMetrics);

        Assert.Contains("jobs_created 1772600767.890\n", first, StringComparison.Ordinal);
        Assert.Contains("jobs_total 5.0\njobs_created 1772600767.890\n", second, StringComparison.Ordinal);
        Assert.Equal(Start, counter.Unlabelled.Created);
    }

    [Fact]
    public void Text_HasNoCreatedSamples()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { TimeProvider = new FakeTimeProvider(Start) });
        registry.CreateCounter("jobs_total", "help").Unlabelled.Inc();
        registry.CreateHistogram("wait_seconds", "help", [1]).Unlabelled.Observe(2);

        Assert.DoesNotContain("_created", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportSeries_RestoresTheExportedCreationTime_NotTheImportTime()
    {
        var clock = new FakeTimeProvider(Start);
        var before = new MetricRegistry(new MetricRegistryOptions { TimeProvider = clock });
        var counters = before.CreateCounter("jobs_total", "help", new MetricOptions { LabelNames = ["kind"], KnownLabelSets = [["known"]] });
        var histograms = before.CreateHistogram("wait_seconds", "help", [1], "kind");
        counters.WithLabels("known").Inc(2);
        histograms.WithLabels("a").Observe(0.5);
        var exported = (Counters: counters.ExportSeries(), Histograms: histograms.ExportSeries());

        // The restart: a new registry an hour later, whose known series exist from its own registration.
        clock.SetUtcNow(Start.AddHours(1));
        var after = new MetricRegistry(new MetricRegistryOptions { TimeProvider = clock });
        var restoredCounters = after.CreateCounter("jobs_total", "help", new MetricOptions { LabelNames = ["kind"], KnownLabelSets = [["known"]] });
        var restoredHistograms = after.CreateHistogram("wait_seconds", "help", [1], "kind");
        restoredCounters.ImportSeries(exported.Counters);
        restoredHistograms.ImportSeries(exported.Histograms);
        restoredCounters.WithLabels("new").Inc();

        Assert.Equal(Start, Assert.Single(exported.Counters).Created);
        Assert.Equal(Start, restoredCounters.WithLabels("known").Created);
        Assert.Equal(Start, restoredHistograms.WithLabels("a").Created);
        Assert.Equal(Start.AddHours(1), restoredCounters.WithLabels("new").Created);
        Assert.Contains("jobs_total{kind=\"known\"} 2.0\njobs_created{kind=\"known\"} 1772600767.890\n", after.CollectAsString(ExpositionFormat.OpenMetrics), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportSeries_StateWithoutCreationTime_KeepsTheImportTime()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { TimeProvider = new FakeTimeProvider(Start) });
        var counters = registry.CreateCounter("jobs_total", "help", "kind");

        counters.ImportSeries([new SeriesState(["a"], false, 3, null)]);

        Assert.Equal(Start, counters.WithLabels("a").Created);
        Assert.Equal(3, counters.WithLabels("a").Value);
    }

    [Fact]
    public void ImportSeries_GaugeStateWithACreationTime_IsRefusedBeforeAnythingChanges()
    {
        var gauges = new MetricRegistry().CreateGauge("level", "help", "kind");

        var error = Assert.Throws<InvalidDataException>(() => gauges.ImportSeries(
            [new SeriesState(["a"], false, 1, null), new SeriesState(["b"], false, 2, null, Start)]));

        Assert.Contains("creation time", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, gauges.SeriesCount);
    }

    [Fact]
    public void Register_CounterWhoseCreatedSampleIsAnotherCountersFamilyName_IsAllowed()
    {
        // The opencode metrics contract's task_total (created sample task_created) beside ADR-009's task_created_total (samples
        // task_created_total and task_created_created): no sample name is written twice.
        var registry = new MetricRegistry(new MetricRegistryOptions { TimeProvider = new FakeTimeProvider(Start) });
        registry.CreateCounter("task_total", "help").Unlabelled.Inc();
        registry.CreateCounter("task_created_total", "help").Unlabelled.Inc(2);

        var text = registry.CollectAsString(ExpositionFormat.OpenMetrics);

        Assert.Contains("# TYPE task counter\ntask_total 1.0\ntask_created 1772600767.890\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE task_created counter\ntask_created_total 2.0\ntask_created_created 1772600767.890\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gauge_after_counter")]
    [InlineData("gauge_after_histogram")]
    [InlineData("counter_after_gauge")]
    public void Register_FamilyWritingAnotherFamilysCreatedSample_Throws(string order)
    {
        var registry = new MetricRegistry();
        Action register = order switch
        {
            "gauge_after_counter" => () => { registry.CreateCounter("jobs_total", "help"); registry.CreateGauge("jobs_created", "help"); },
            "gauge_after_histogram" => () => { registry.CreateHistogram("wait_seconds", "help", [1]); registry.CreateGauge("wait_seconds_created", "help"); },
            _ => () => { registry.CreateGauge("jobs_created", "help"); registry.CreateCounter("jobs_total", "help"); },
        };

        var error = Assert.Throws<InvalidOperationException>(register);

        Assert.Contains("_created'", error.Message, StringComparison.Ordinal);
    }
}
