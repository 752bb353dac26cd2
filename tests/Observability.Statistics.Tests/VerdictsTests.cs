namespace Observability.Statistics.Tests;

public sealed class VerdictsTests
{
    private static readonly VerdictOptions Defaults = VerdictOptions.Default;

    [Fact]
    public void Decide_BelowMinimumSample_IsInsufficientDataEvenWithATinyPValue()
    {
        var result = Verdicts.Decide([new("b", 19, 40, 0.3, 1e-9), new("c", 40, 19, 0.3, 1e-9)], false, PValueKind.FixedHorizon, Defaults);
        Assert.All(result.Variants, v => Assert.Equal(Verdict.InsufficientData, v.Verdict));
        Assert.All(result.Variants, v => Assert.True(double.IsNaN(v.AdjustedPValue)));
    }

    [Fact]
    public void Decide_AtMinimumSample_IsDecided()
    {
        var result = Verdicts.Decide([new("b", 20, 20, 0.3, 1e-3)], false, PValueKind.FixedHorizon, Defaults);
        Assert.Equal(Verdict.Better, result.Variants[0].Verdict);
    }

    [Fact]
    public void Decide_SampleRatioMismatch_IsSrmForEveryVariantWithEnoughData()
    {
        var result = Verdicts.Decide([new("b", 500, 300, 0.1, 1e-6), new("c", 500, 10, 0.1, 1e-6)], true, PValueKind.FixedHorizon, Defaults);
        Assert.Equal(Verdict.Srm, result.Variants[0].Verdict);
        Assert.Equal(Verdict.InsufficientData, result.Variants[1].Verdict);
    }

    [Theory]
    [InlineData(0.12, true, Verdict.Better)]
    [InlineData(-0.12, true, Verdict.Worse)]
    // Lower is better (rework rate, duration): a higher variant is worse.
    [InlineData(0.12, false, Verdict.Worse)]
    [InlineData(-0.12, false, Verdict.Better)]
    public void Decide_Significant_IsBetterOrWorseByDirection(double estimate, bool higherIsBetter, Verdict expected)
    {
        var options = new VerdictOptions { HigherIsBetter = higherIsBetter };
        var result = Verdicts.Decide([new("b", 100, 100, estimate, 0.001)], false, PValueKind.FixedHorizon, options);
        Assert.Equal(expected, result.Variants[0].Verdict);
    }

    [Fact]
    public void Decide_ThreeVariants_AppliesHolmBeforeAlpha()
    {
        // Raw p 0.01, 0.04, 0.03: each below 0.05 alone, but Holm makes them 0.03, 0.06, 0.06; only the first stays.
        var result = Verdicts.Decide(
            [new("b", 100, 100, 0.2, 0.01), new("c", 100, 100, 0.1, 0.04), new("d", 100, 100, -0.1, 0.03)],
            false,
            PValueKind.FixedHorizon,
            Defaults);
        Assert.Equal(Holm.RuleName, result.MultipleComparisonRule);
        Assert.Equal([Verdict.Better, Verdict.NoDifference, Verdict.NoDifference], result.Variants.Select(v => v.Verdict));
        Assert.Equal(0.03, result.Variants[0].AdjustedPValue, 15);
        Assert.Equal(0.06, result.Variants[1].AdjustedPValue, 15);
    }

    [Fact]
    public void Decide_VariantsWithoutEnoughData_AreNotInTheFamily()
    {
        // One variant too small: m = 1 for the other, so 0.04 stays 0.04 and is significant.
        var result = Verdicts.Decide([new("b", 100, 100, 0.2, 0.04), new("c", 100, 5, 0.1, 0.5)], false, PValueKind.FixedHorizon, Defaults);
        Assert.Equal(Verdict.Better, result.Variants[0].Verdict);
        Assert.Equal(0.04, result.Variants[0].AdjustedPValue, 15);
    }

    [Fact]
    public void Decide_NoPValueOrZeroEstimate_IsNoDifference()
    {
        var result = Verdicts.Decide([new("b", 100, 100, double.NaN, double.NaN), new("c", 100, 100, 0, 0.001)], false, PValueKind.AlwaysValid, Defaults);
        Assert.All(result.Variants, v => Assert.Equal(Verdict.NoDifference, v.Verdict));
        Assert.Equal(PValueKind.AlwaysValid, result.PValueKind);
    }

    [Fact]
    public void Decide_NotSignificant_IsNoDifference()
    {
        var result = Verdicts.Decide([new("b", 1000, 1000, 0.01, 0.3)], false, PValueKind.FixedHorizon, Defaults);
        Assert.Equal(Verdict.NoDifference, result.Variants[0].Verdict);
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Verdicts.Decide([], false, PValueKind.FixedHorizon, new VerdictOptions { Alpha = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VerdictOptions { Alpha = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new VerdictOptions { MinimumSamplePerArm = 0 }.Validate());
    }

    [Theory]
    [InlineData(Verdict.InsufficientData, "insufficient_data")]
    [InlineData(Verdict.Srm, "srm")]
    [InlineData(Verdict.Better, "better")]
    [InlineData(Verdict.Worse, "worse")]
    [InlineData(Verdict.NoDifference, "no_difference")]
    public void Name_Verdict_IsTheWireName(Verdict verdict, string expected) => Assert.Equal(expected, verdict.Name());

    [Fact]
    public void Name_RateTestAndPValueKind_AreTheWireNames()
    {
        Assert.Equal("boschloo_exact", RateTest.BoschlooExact.Name());
        Assert.Equal("pooled_score", RateTest.PooledScore.Name());
        Assert.Equal("none", RateTest.None.Name());
        Assert.Equal("fixed_horizon", PValueKind.FixedHorizon.Name());
        Assert.Equal("always_valid_msprt", PValueKind.AlwaysValid.Name());
        Assert.Equal("newcombe_hybrid_score", Newcombe.MethodName);
        Assert.Equal("holm_bonferroni", Holm.RuleName);
    }
}
