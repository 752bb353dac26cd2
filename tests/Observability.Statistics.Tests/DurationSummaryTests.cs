using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class DurationSummaryTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("durations");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_ReferenceCase_MatchesNumpyAndScipyGmean(string name)
    {
        var c = ReferenceFixture.Case("durations", name);
        foreach (var arm in new[] { "control", "variant" })
        {
            var expected = c.GetProperty(arm + "_summary");
            var actual = DurationSummary.Create(c.Numbers(arm));
            Assert.Equal(expected.GetProperty("count").GetInt32(), actual.Count);
            Assert.Equal(expected.GetProperty("positive_count").GetInt32(), actual.PositiveCount);
            Close.Equal(expected.Number("mean"), actual.Mean, Close.ClosedForm, $"{name} {arm} mean");
            Close.Equal(expected.Number("median"), actual.Median, Close.ClosedForm, $"{name} {arm} median");
            Close.Equal(expected.Number("geometric_mean"), actual.GeometricMean, Close.ClosedForm, $"{name} {arm} geometric mean");
        }
    }

    [Fact]
    public void Create_Empty_IsAllNaNNotAnException()
    {
        var summary = DurationSummary.Create([]);
        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.Mean) && double.IsNaN(summary.Median) && double.IsNaN(summary.GeometricMean));
    }

    [Fact]
    public void Create_OnlyZeros_HasAMeanAndMedianButNoGeometricMean()
    {
        var summary = DurationSummary.Create([0, 0, 0]);
        Assert.Equal(0, summary.Mean);
        Assert.Equal(0, summary.Median);
        Assert.Equal(0, summary.PositiveCount);
        Assert.True(double.IsNaN(summary.GeometricMean));
    }

    [Fact]
    public void Create_LeavesTheInputInItsOrder()
    {
        double[] values = [5, 1, 4, 2, 3];
        _ = DurationSummary.Create(values);
        Assert.Equal([5, 1, 4, 2, 3], values);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Create_NegativeOrNotFinite_Throws(double bad) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationSummary.Create([1, bad]));

    [Fact]
    public void Median_ManyValuesInAnyOrder_EqualsTheSortedMiddle()
    {
        var random = new Random(12345);
        for (var round = 0; round < 200; round++)
        {
            var values = new double[random.Next(1, 400)];
            for (var i = 0; i < values.Length; i++)
            {
                // Few distinct values: many ties, the partition's hard case.
                values[i] = random.Next(0, round % 7 == 0 ? 3 : 1000);
            }

            var sorted = values.Order().ToArray();
            var middle = sorted.Length / 2;
            var expected = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            Assert.Equal(expected, Selection.Median(values));
        }
    }

    [Fact]
    public void Median_SortedAndReversedInput_IsTheMiddle()
    {
        var ascending = Enumerable.Range(1, 10_001).Select(i => (double)i).ToArray();
        Assert.Equal(5001, Selection.Median(ascending));
        Assert.Equal(5001, Selection.Median(ascending.Reverse().ToArray()));
    }
}
