using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests;

public sealed class CounterTests
{
    private static Counter NewCounter() => new MetricRegistry().CreateCounter("c_total", "help").Unlabelled;

    [Fact]
    public void Inc_WholeAndFractional_AddsExactly()
    {
        var counter = NewCounter();

        counter.Inc();
        counter.Inc(2);
        counter.Inc(0.25);
        counter.Inc(1.5);
        counter.Inc(0);

        Assert.Equal(4.75, counter.Value);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-0.001)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Inc_NegativeOrNaN_ThrowsAndKeepsValue(double amount)
    {
        var counter = NewCounter();
        counter.Inc(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(amount));
        Assert.Equal(3, counter.Value);
    }

    [Fact]
    public void Inc_NegativeLong_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewCounter().Inc(-5L));
    }

    [Fact]
    public void Inc_BeyondExactDoubleRange_StillAccumulates()
    {
        var counter = NewCounter();

        counter.Inc(1e20);
        counter.Inc(1e20);

        Assert.Equal(2e20, counter.Value);
    }

    [Fact]
    public void Inc_WithExemplar_ShowsItInOpenMetricsOnly()
    {
        var registry = new MetricRegistry();
        registry.CreateCounter("jobs_total", "Jobs.").Unlabelled.Inc(3, Exemplar.Of("trace_id", "t-1"));

        Assert.Contains("jobs_total 3.0 # {trace_id=\"t-1\"} 3.0 ", registry.CollectAsString(ExpositionFormat.OpenMetrics), StringComparison.Ordinal);
        Assert.DoesNotContain("trace_id", registry.CollectAsString(ExpositionFormat.PrometheusText), StringComparison.Ordinal);
    }

    [Fact]
    public void IncTo_LowerTotal_NeverDecreases()
    {
        var counter = NewCounter();
        counter.IncTo(10);
        counter.IncTo(4);

        Assert.Equal(10, counter.Value);
    }

    [Fact]
    public void IncTo_AfterWholeIncrements_RaisesTheSumToTheTotal()
    {
        var counter = NewCounter();
        counter.Inc(3);
        counter.IncTo(7.5);
        counter.IncTo(7.5);

        Assert.Equal(7.5, counter.Value);
    }
}
