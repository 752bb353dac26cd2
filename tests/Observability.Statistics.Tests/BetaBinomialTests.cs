using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class BetaBinomialTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("bayes");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_ReferenceCase_MatchesNumericalIntegration(string name)
    {
        var c = ReferenceFixture.Case("bayes", name);
        var actual = BetaBinomial.Compare(c.Arm("control"), c.Arm("variant"));
        Close.Equal(c.Number("prob_variant_beats_control"), actual.ProbabilityVariantBeatsControl, Close.Quadrature, name + " P(beats)");
        Close.Equal(c.Number("expected_loss_choosing_variant"), actual.ExpectedLossOfChoosingVariant, Close.Quadrature, name + " loss");
    }

    [Fact]
    public void Compare_BothEmpty_IsThePriorHalfAndOneSixth()
    {
        var readout = BetaBinomial.Compare(new ArmCounts(0, 0), new ArmCounts(0, 0));
        Assert.Equal(0.5, readout.ProbabilityVariantBeatsControl, 15);
        Assert.Equal(1.0 / 6, readout.ExpectedLossOfChoosingVariant, 15);
    }

    [Fact]
    public void Compare_SwappedArms_ProbabilitiesAddUpToOne()
    {
        var a = new ArmCounts(500, 130);
        var b = new ArmCounts(480, 150);
        var forward = BetaBinomial.Compare(a, b).ProbabilityVariantBeatsControl;
        var backward = BetaBinomial.Compare(b, a).ProbabilityVariantBeatsControl;
        Assert.Equal(1, forward + backward, 12);
    }

    [Fact]
    public void Compare_HugeArms_StaysFiniteAndSensible()
    {
        // 50,000 units per arm: terms far below double's range at the start of the sum, rescaled as it grows.
        var readout = BetaBinomial.Compare(new ArmCounts(50_000, 25_000), new ArmCounts(50_000, 25_300));
        Assert.InRange(readout.ProbabilityVariantBeatsControl, 0.9, 0.99);
        Assert.InRange(readout.ExpectedLossOfChoosingVariant, 0, 1e-3);
    }

    [Fact]
    public void ProbabilityGreater_BothFormsOfTheSum_Agree()
    {
        // P(X_B > X_A), X_B ~ Beta(8, 30), X_A ~ Beta(40, 12): the 8-term sum, and the 12-term sum of the mirror
        // question P(1 − X_A > 1 − X_B) with 1 − X_A ~ Beta(12, 40), 1 − X_B ~ Beta(30, 8).
        var direct = BetaBinomial.MillerSum(aA: 40, bA: 12, aB: 8, bB: 30);
        var mirrored = BetaBinomial.MillerSum(aA: 30, bA: 8, aB: 12, bB: 40);
        Assert.Equal(direct, mirrored, 14);
        Assert.InRange(direct, 1e-12, 1e-3);
    }
}
