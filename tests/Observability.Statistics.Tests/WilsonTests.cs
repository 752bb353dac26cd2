using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class WilsonTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("rates");

    [Fact]
    public void Z975_MatchesScipyNormPpf() => Close.Equal(ReferenceFixture.Z975, NormalQuantiles.Z975, 1e-15, "z(0.975)");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScoreInterval_ReferenceCase_MatchesStatsmodels(string name)
    {
        var c = ReferenceFixture.Case("rates", name);
        Close.Equal(c.Pair("wilson_control"), Wilson.ScoreInterval(c.Arm("control")), Close.ClosedForm, name + " control");
        Close.Equal(c.Pair("wilson_variant"), Wilson.ScoreInterval(c.Arm("variant")), Close.ClosedForm, name + " variant");
    }

    [Fact]
    public void ScoreInterval_EmptyArm_IsNone() => Assert.False(Wilson.ScoreInterval(new ArmCounts(0, 0)).HasValue);

    [Fact]
    public void ScoreInterval_ZeroAndAllSuccesses_StayWithinZeroToOneAndAreNotEmpty()
    {
        var none = Wilson.ScoreInterval(new ArmCounts(10, 0));
        var all = Wilson.ScoreInterval(new ArmCounts(10, 10));
        Assert.Equal(0, none.Lower);
        Assert.True(none.Upper > 0.2, $"{none.Upper}");
        Assert.Equal(1, all.Upper);
        Assert.True(all.Lower < 0.8, $"{all.Lower}");
    }
}
