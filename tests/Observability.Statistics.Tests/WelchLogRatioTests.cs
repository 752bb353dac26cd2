using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class WelchLogRatioTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("durations");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_ReferenceCase_MatchesScipyTtestIndAndStatsmodelsTconfintDiff(string name)
    {
        var c = ReferenceFixture.Case("durations", name);
        var actual = WelchLogRatio.Compare(DurationSummary.Create(c.Numbers("control")), DurationSummary.Create(c.Numbers("variant")));
        var expected = c.GetProperty("welch");
        if (expected.ValueKind == System.Text.Json.JsonValueKind.Null)
        {
            Assert.Equal(DurationRatio.None, actual);
            return;
        }

        Close.Equal(expected.Number("ratio"), actual.Ratio, Close.ClosedForm, name + " ratio");
        Close.Equal(expected.Number("lower"), actual.RatioInterval.Lower, Close.ClosedForm, name + " lower");
        Close.Equal(expected.Number("upper"), actual.RatioInterval.Upper, Close.ClosedForm, name + " upper");
        // t is a difference of log means over its standard error: for identical arms both sides are rounding noise
        // around 0 (about 1e-15), which only an absolute bound can compare.
        Close.Equal(expected.Number("t"), actual.T, Close.ClosedForm, name + " t", absolute: 1e-12);
        Close.Equal(expected.Number("p"), actual.PValue, Close.ClosedForm, name + " p");
        Close.Equal(expected.Number("df"), actual.DegreesOfFreedom, Close.ClosedForm, name + " df");
    }

    [Fact]
    public void Compare_IdenticalArms_IsRatioOneAndPValueOne()
    {
        var arm = DurationSummary.Create([60, 120, 120, 180, 600]);
        var result = WelchLogRatio.Compare(arm, arm);
        Assert.Equal(1, result.Ratio);
        Assert.Equal(1, result.PValue, 12);
        Assert.True(result.RatioInterval.Contains(1));
    }

    [Fact]
    public void Compare_OneArmEmpty_IsNoneNotAnException() =>
        Assert.Equal(DurationRatio.None, WelchLogRatio.Compare(DurationSummary.Empty, DurationSummary.Create([1, 2, 3])));
}
