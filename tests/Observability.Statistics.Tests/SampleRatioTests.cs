using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class SampleRatioTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("srm");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_ReferenceCase_MatchesScipyChisquare(string name)
    {
        var c = ReferenceFixture.Case("srm", name);
        var counts = c.GetProperty("counts").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var weights = c.Numbers("weights");
        var actual = SampleRatio.Check(counts, weights);
        Close.Equal(c.Number("chi_square"), actual.ChiSquare, Close.ClosedForm, name + " chi-square");
        Close.Equal(c.Number("p"), actual.PValue, Close.ClosedForm, name + " p");
        Assert.Equal(c.GetProperty("df").GetInt32(), actual.DegreesOfFreedom);
        Assert.Equal(c.GetProperty("mismatch").GetBoolean(), actual.Mismatch);
    }

    [Fact]
    public void Check_NoUnits_IsNoPValueAndNoMismatch()
    {
        var check = SampleRatio.Check([0, 0], [1, 1]);
        Assert.True(double.IsNaN(check.PValue));
        Assert.False(check.Mismatch);
    }

    [Fact]
    public void Check_UnitsInAnArmWeightedZero_IsAMismatch()
    {
        var check = SampleRatio.Check([100, 3], [1, 0]);
        Assert.Equal(0, check.PValue);
        Assert.True(check.Mismatch);
        Assert.False(SampleRatio.Check([100, 0], [1, 0]).Mismatch);
    }

    [Fact]
    public void Check_JustEitherSideOfTheThreshold_FlagsOnlyBelow()
    {
        // 50/50 over 10,000 units: χ² = (2d)²/10,000 for a difference d from 5,000 per arm; p = 0.001 at χ² = 10.83.
        Assert.False(SampleRatio.Check([5164, 4836], [1, 1]).Mismatch); // χ² = 10.76, p = 0.00104
        Assert.True(SampleRatio.Check([5166, 4834], [1, 1]).Mismatch); // χ² = 11.02, p = 0.00090
    }

    [Fact]
    public void Check_BadWeights_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatio.Check([1, 1], [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatio.Check([1, 1], [1, double.NaN]));
        Assert.Throws<ArgumentException>(() => SampleRatio.Check([1, 1], [1]));
    }
}
