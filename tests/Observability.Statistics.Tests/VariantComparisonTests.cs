using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class VariantComparisonTests
{
    [Fact]
    public void Create_ReferenceArms_CarriesEveryStatisticOfTheReferences()
    {
        var rates = ReferenceFixture.Case("rates", "small_better");
        var bayes = ReferenceFixture.Case("bayes", "small_better");
        var durations = ReferenceFixture.Case("durations", "clearly_faster");
        var control = ArmSummary.Create(rates.Arm("control"), durations.Numbers("control"), 1);
        var variant = ArmSummary.Create(rates.Arm("variant"), durations.Numbers("variant"), 1);

        var comparison = VariantComparison.Create(control, variant);

        Assert.Equal(RateTest.BoschlooExact, comparison.Rate.Test);
        Close.Equal(rates.Number("boschloo_p"), comparison.Rate.PValue, Close.ExactTest, "p");
        Close.Equal(rates.Pair("newcombe"), comparison.Rate.DifferenceInterval, Close.ClosedForm, "difference interval");
        Close.Equal(durations.GetProperty("welch").Number("ratio"), comparison.Duration.Ratio, Close.ClosedForm, "duration ratio");
        Close.Equal(durations.GetProperty("welch").Number("p"), comparison.Duration.PValue, Close.ClosedForm, "duration p");
        Close.Equal(bayes.Number("prob_variant_beats_control"), comparison.Bayesian.ProbabilityVariantBeatsControl, Close.Quadrature, "P(beats)");
        Close.Equal(bayes.Number("expected_loss_choosing_variant"), comparison.Bayesian.ExpectedLossOfChoosingVariant, Close.Quadrature, "loss");
    }

    [Fact]
    public void Create_ControlEmpty_AnswersWithoutThrowing()
    {
        var empty = ArmSummary.Create(new ArmCounts(0, 0), [], 0);
        var variant = ArmSummary.Create(new ArmCounts(10, 5), [60, 120, 180], 1);
        var comparison = VariantComparison.Create(empty, variant);
        Assert.Equal(RateTest.None, comparison.Rate.Test);
        Assert.Equal(DurationRatio.None, comparison.Duration);
        // The prior speaks for the empty arm: Beta(1, 1) against Beta(6, 6) is an even bet.
        Assert.Equal(0.5, comparison.Bayesian.ProbabilityVariantBeatsControl, 12);
    }
}
