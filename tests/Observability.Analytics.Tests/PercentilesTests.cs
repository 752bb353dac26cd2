namespace Observability.Analytics.Tests;

public sealed class PercentilesTests
{
    [Theory]
    // Of 1..4: p50 is rank ceil(0.5 * 4) = 2, p90 rank ceil(3.6) = 4, p25 rank ceil(1) = 1, p0 rank 1, p100 rank 4.
    [InlineData(50, 2)]
    [InlineData(90, 4)]
    [InlineData(25, 1)]
    [InlineData(0, 1)]
    [InlineData(100, 4)]
    public void NearestRank_FourValues_PicksTheValueAtCeilingRank(double percent, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank([1, 2, 3, 4], percent));

    [Fact]
    public void NearestRank_TenValuesP90_IsTheNinthNotAnInterpolation()
    {
        // 0.9 * 10 = 9 exactly (not 9.000000000000002), so rank 9, the value 90.
        double[] values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        Assert.Equal(90, Percentiles.NearestRank(values, 90));
        Assert.Equal(100, Percentiles.NearestRank(values, 95));
        Assert.Equal(50, Percentiles.NearestRank(values, 50));
    }

    [Fact]
    public void NearestRank_OneValue_IsThatValueForEveryPercentile()
    {
        Assert.Equal(7, Percentiles.NearestRank([7], 1));
        Assert.Equal(7, Percentiles.NearestRank([7], 99));
    }

    [Fact]
    public void NearestRank_Empty_IsNull() => Assert.Null(Percentiles.NearestRank([], 50));

    [Fact]
    public void NearestRankUnsorted_SortsFirst() => Assert.Equal(30, Percentiles.NearestRankUnsorted([50, 10, 30, 20, 40], 50));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void NearestRank_PercentOutsideRange_Throws(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], percent));
}
