using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class RateTestsTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("rates");

    [Theory]
    [MemberData(nameof(Cases))]
    public void BoschlooExactPValue_ReferenceCase_MatchesScipyBoschlooExact(string name)
    {
        var c = ReferenceFixture.Case("rates", name);
        var expected = c.Number("boschloo_p");
        var control = c.Arm("control");
        var variant = c.Arm("variant");
        if (double.IsNaN(expected) && control.N > 0 && variant.N > 0)
        {
            return; // Arms above the generator's size limit for SciPy: covered by the score-test case below.
        }

        Close.Equal(expected, RateTests.BoschlooExactPValue(control, variant), Close.ExactTest, name);
    }

    public static TheoryData<string> Battery => ReferenceFixture.Names("boschloo_battery");

    [Theory]
    [MemberData(nameof(Battery))]
    public void BoschlooExactPValue_RandomTable_MatchesScipyBoschlooExact(string name)
    {
        // 40 random tables (arms of 1 to 80, any rates; p-values from 1e-27 to 1), compared relatively.
        var c = ReferenceFixture.Case("boschloo_battery", name);
        Close.Equal(c.Number("boschloo_p"), RateTests.BoschlooExactPValue(c.Arm("control"), c.Arm("variant")), Close.ExactTest, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PooledScorePValue_ReferenceCase_MatchesStatsmodelsProportionsZtest(string name)
    {
        var c = ReferenceFixture.Case("rates", name);
        Close.Equal(c.Number("score_z"), RateTests.PooledScoreZ(c.Arm("control"), c.Arm("variant")), Close.ClosedForm, name + " z");
        Close.Equal(c.Number("score_p"), RateTests.PooledScorePValue(c.Arm("control"), c.Arm("variant")), Close.ClosedForm, name + " p");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_ReferenceCase_AnswersThePValueOfTheChosenTest(string name)
    {
        var c = ReferenceFixture.Case("rates", name);
        var control = c.Arm("control");
        var variant = c.Arm("variant");
        var result = RateTests.Compare(control, variant);
        Assert.Equal(RateTests.Choose(control, variant), result.Test);
        var expected = result.Test switch
        {
            RateTest.BoschlooExact => c.Number("boschloo_p"),
            RateTest.PooledScore => c.Number("score_p"),
            _ => double.NaN,
        };
        Close.Equal(expected, result.PValue, result.Test == RateTest.BoschlooExact ? Close.ExactTest : Close.ClosedForm, name);
        Close.Equal(variant.Rate - control.Rate, result.Difference, 0, name + " difference");
        Close.Equal(c.Pair("newcombe"), result.DifferenceInterval, Close.ClosedForm, name + " interval");
    }

    [Theory]
    // Both sides of the arm-size rule: 199 units in one arm is exact, 200 in both is the score test.
    [InlineData("below_switch", RateTest.BoschlooExact)]
    [InlineData("at_switch", RateTest.PooledScore)]
    // Both arms large but an expected cell under 5 (5 successes in 600 units): exact.
    [InlineData("large_arms_rare_events", RateTest.BoschlooExact)]
    [InlineData("small", RateTest.BoschlooExact)]
    [InlineData("large", RateTest.PooledScore)]
    [InlineData("control_empty", RateTest.None)]
    [InlineData("both_empty", RateTest.None)]
    public void Choose_ReferenceCase_FollowsTheSwitchRule(string name, RateTest expected)
    {
        var c = ReferenceFixture.Case("rates", name);
        Assert.Equal(expected, RateTests.Choose(c.Arm("control"), c.Arm("variant")));
    }

    [Theory]
    // Smallest expected cell exactly 5 (10 successes in 400 units, 200 per arm): the score test; 9 successes: exact.
    [InlineData(200, 5, 200, 5, RateTest.PooledScore)]
    [InlineData(200, 4, 200, 5, RateTest.BoschlooExact)]
    // Failures count as cells too: 10 of 400 fail, 5 expected failures per arm; 9 fail, 4.5.
    [InlineData(200, 195, 200, 195, RateTest.PooledScore)]
    [InlineData(200, 196, 200, 195, RateTest.BoschlooExact)]
    // The exact test's cost bound: 500 × 500 = 250,000 tables is exact, 501 × 501 = 251,001 is not.
    [InlineData(499, 2, 499, 1, RateTest.BoschlooExact)]
    [InlineData(500, 2, 500, 1, RateTest.PooledScore)]
    // Lopsided: 100 × 2,500 tables is exact, 100 × 2,501 is not, whatever the rates.
    [InlineData(2_499, 700, 99, 30, RateTest.BoschlooExact)]
    [InlineData(2_500, 700, 99, 30, RateTest.PooledScore)]
    // A lopsided split: 150 against 99,850 units is beyond the bound.
    [InlineData(99_850, 30_000, 150, 50, RateTest.PooledScore)]
    public void Choose_AtTheThresholds_PicksTheDocumentedTest(long nc, long sc, long nv, long sv, RateTest expected) =>
        Assert.Equal(expected, RateTests.Choose(new ArmCounts(nc, sc), new ArmCounts(nv, sv)));

    [Fact]
    public void Compare_OneArmEmpty_AnswersNaNWithoutTest()
    {
        var result = RateTests.Compare(new ArmCounts(0, 0), new ArmCounts(10, 5));
        Assert.Equal(RateTest.None, result.Test);
        Assert.True(double.IsNaN(result.PValue));
        Assert.True(double.IsNaN(result.Difference));
        Assert.False(result.DifferenceInterval.HasValue);
    }

    [Fact]
    public void BoschlooExactPValue_ArmsSwapped_IsTheSame()
    {
        var a = new ArmCounts(17, 13);
        var b = new ArmCounts(25, 7);
        Assert.Equal(RateTests.BoschlooExactPValue(a, b), RateTests.BoschlooExactPValue(b, a));
    }

    [Fact]
    public void BoschlooExactPValue_AtTheSwitchSize_IsCloseToTheScoreTest()
    {
        // Where the rule hands over, the two tests must tell the same story (here both about 0.04).
        var control = new ArmCounts(200, 60);
        var variant = new ArmCounts(200, 80);
        var exact = RateTests.BoschlooExactPValue(control, variant);
        var score = RateTests.PooledScorePValue(control, variant);
        Assert.InRange(exact / score, 0.9, 1.2);
    }
}
