using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class ArmSummaryTests
{
    [Fact]
    public void Create_ReferenceArm_HasTheRateIntervalDurationsAndCosts()
    {
        var c = ReferenceFixture.Case("rates", "small_better");
        var counts = c.Arm("variant");
        var durations = ReferenceFixture.Case("durations", "small").Numbers("variant");
        var summary = ArmSummary.Create(counts, durations, totalCost: 4.2);
        Assert.Equal(14.0 / 21, summary.Rate);
        Close.Equal(c.Pair("wilson_variant"), summary.RateInterval, Close.ClosedForm, "rate interval");
        Assert.Equal(DurationSummary.Create(durations), summary.Durations);
        Assert.Equal(4.2 / 21, summary.CostPerUnit, 15);
        Assert.Equal(4.2 / 14, summary.CostPerSuccess, 15);
    }

    [Fact]
    public void Create_EmptyArm_IsAllNotComputable()
    {
        var summary = ArmSummary.Create(new ArmCounts(0, 0), [], 0);
        Assert.True(double.IsNaN(summary.Rate));
        Assert.False(summary.RateInterval.HasValue);
        Assert.True(double.IsNaN(summary.CostPerUnit));
        Assert.True(double.IsNaN(summary.CostPerSuccess));
        Assert.Equal(DurationSummary.Empty, summary.Durations);
    }

    [Fact]
    public void Create_NoSuccesses_HasCostPerUnitButNoCostPerSuccess()
    {
        var summary = ArmSummary.Create(new ArmCounts(10, 0), [60], 5);
        Assert.Equal(0.5, summary.CostPerUnit);
        Assert.True(double.IsNaN(summary.CostPerSuccess));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Create_BadCost_Throws(double cost) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArmSummary.Create(new ArmCounts(1, 1), [], cost));

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(5, -1)]
    [InlineData(5, 6)]
    public void ArmCounts_Impossible_Throw(long n, long successes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArmCounts(n, successes));
}
