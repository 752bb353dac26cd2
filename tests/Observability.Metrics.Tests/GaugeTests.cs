using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class GaugeTests
{
    [Fact]
    public void SetIncDec_InSequence_TracksValue()
    {
        var gauge = new MetricRegistry().CreateGauge("g", "help").Unlabelled;

        gauge.Set(10);
        gauge.Inc();
        gauge.Inc(2.5);
        gauge.Dec();
        gauge.Dec(20);

        Assert.Equal(-7.5, gauge.Value);
    }

    [Fact]
    public void Set_SpecialValues_AreKept()
    {
        var gauge = new MetricRegistry().CreateGauge("g", "help").Unlabelled;

        gauge.Set(double.NegativeInfinity);
        Assert.Equal(double.NegativeInfinity, gauge.Value);
        gauge.Set(double.NaN);
        Assert.True(double.IsNaN(gauge.Value));
    }

    [Fact]
    public void Unlabelled_NotCreatedAtRegistration_HasNoSampleUntilFirstSet()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t" });
        var family = registry.CreateGauge("coverage_percent", "help", new MetricOptions { UnlabelledSeriesAtRegistration = false });

        var before = registry.CollectAsString(ExpositionFormat.PrometheusText);
        var seriesBefore = family.SeriesCount;
        var exportedBefore = family.ExportSeries();
        family.WithLabels().Set(0);
        var after = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.Contains("# TYPE t_coverage_percent gauge\n", before, StringComparison.Ordinal);
        Assert.DoesNotContain("\nt_coverage_percent ", before, StringComparison.Ordinal);
        Assert.Equal(0, seriesBefore);
        Assert.Empty(exportedBefore);
        Assert.Contains("\nt_coverage_percent 0\n", after, StringComparison.Ordinal);
        Assert.Same(family.Unlabelled, family.WithLabels());
        Assert.Equal(1, family.SeriesCount);
    }

    [Fact]
    public void Unlabelled_CreatedAtRegistrationByDefault_IsAtZeroFromTheFirstScrape()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t" });
        registry.CreateGauge("level", "help");

        Assert.Contains("\nt_level 0\n", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SameGaugeWithAndWithoutItsSeriesAtRegistration_ThrowsNamingBoth()
    {
        var registry = new MetricRegistry();
        registry.CreateGauge("level", "help");

        var error = Assert.Throws<InvalidOperationException>(
            () => registry.CreateGauge("level", "help", new MetricOptions { UnlabelledSeriesAtRegistration = false }));

        Assert.Contains("no sample until first used", error.Message, StringComparison.Ordinal);
    }
}
