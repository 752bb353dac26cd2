namespace Observability.Statistics;

/// <summary>Everything reported for one non-control variant against the control.</summary>
/// <param name="Rate">Difference in rates, its Newcombe interval and the fixed-horizon p-value.</param>
/// <param name="Duration">Ratio of geometric mean durations, its interval and Welch's p-value.</param>
/// <param name="Bayesian">Probability the variant beats the control and the expected loss of choosing it.</param>
public sealed record VariantComparison(RateComparison Rate, DurationRatio Duration, BayesianReadout Bayesian)
{
    /// <summary>Compares <paramref name="variant"/> with <paramref name="control"/> on every statistic.</summary>
    public static VariantComparison Create(ArmSummary control, ArmSummary variant)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(variant);
        return new VariantComparison(
            RateTests.Compare(control.Counts, variant.Counts),
            WelchLogRatio.Compare(control.Durations, variant.Durations),
            BetaBinomial.Compare(control.Counts, variant.Counts));
    }
}
