using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Observability.Statistics;

/// <summary>
/// Welch's unequal-variance t-test on log durations, and the ratio of geometric means it implies. Durations are
/// skewed (a few units take ten times the typical one), so comparing their logarithms compares typical units on the
/// ratio scale and tames the long tail; Welch's version does not assume both arms spread alike. It matches SciPy's
/// <c>ttest_ind(log v, log c, equal_var=False)</c> and statsmodels' <c>CompareMeans.tconfint_diff(usevar="unequal")</c>.
/// Assumes independent units and log durations near normal within each arm, which the central limit theorem makes
/// good enough from a few dozen units per arm.
/// </summary>
public static class WelchLogRatio
{
    /// <summary>Compares the log moments of the two summaries; <see cref="DurationRatio.None"/> when not computable.</summary>
    public static DurationRatio Compare(DurationSummary control, DurationSummary variant)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(variant);
        if (control.PositiveCount < 2 || variant.PositiveCount < 2)
        {
            return DurationRatio.None;
        }

        var shareV = variant.LogVariance / variant.PositiveCount;
        var shareC = control.LogVariance / control.PositiveCount;
        var variance = shareV + shareC;
        if (!(variance > 0))
        {
            return DurationRatio.None;
        }

        var difference = variant.LogMean - control.LogMean;
        var standardError = Math.Sqrt(variance);
        var t = difference / standardError;
        var df = variance * variance / ((shareV * shareV / (variant.PositiveCount - 1)) + (shareC * shareC / (control.PositiveCount - 1)));
        // The two-sided tail P(|T| ≥ |t|) straight from the incomplete beta function, exact for tiny p-values too.
        var p = SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (t * t)));
        var critical = StudentT.InvCDF(0, 1, df, 0.975);
        var interval = new Interval(Math.Exp(difference - (critical * standardError)), Math.Exp(difference + (critical * standardError)));
        return new DurationRatio(Math.Exp(difference), interval, p, t, df);
    }
}
