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
}
