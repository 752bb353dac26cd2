using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class NewcombeTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("rates");

    [Theory]
    [MemberData(nameof(Cases))]
    public void HybridScoreInterval_ReferenceCase_MatchesStatsmodelsNewcomb(string name)
    {
        var c = ReferenceFixture.Case("rates", name);
        var actual = Newcombe.HybridScoreInterval(c.Arm("control"), c.Arm("variant"));
        Close.Equal(c.Pair("newcombe"), actual, Close.ClosedForm, name);
    }

    [Fact]
    public void HybridScoreInterval_IdenticalArms_IsSymmetricAroundZero()
    {
        var arm = new ArmCounts(150, 60);
        var interval = Newcombe.HybridScoreInterval(arm, arm);
        Assert.Equal(-interval.Lower, interval.Upper, 15);
        Assert.True(interval.Contains(0));
    }

    [Fact]
    public void HybridScoreInterval_OneArmEmpty_IsNoneNotAnException()
    {
        Assert.False(Newcombe.HybridScoreInterval(new ArmCounts(0, 0), new ArmCounts(10, 5)).HasValue);
        Assert.False(Newcombe.HybridScoreInterval(new ArmCounts(10, 5), new ArmCounts(0, 0)).HasValue);
    }
}
