using MathNet.Numerics;

namespace Observability.Statistics;

/// <summary>
/// Sample-ratio mismatch: are the arms' unit counts consistent with the declared weights? Chi-square goodness of fit
/// (as <c>scipy.stats.chisquare(counts, expected)</c>), flagged at p &lt; <see cref="Threshold"/>: strict, because
/// the check runs on every experiment every time it is looked at, and a false alarm discards a good experiment.
/// Example: 600 against 400 units on a 50/50 split gives χ² = 40, p = 2.5e-10, a mismatch; 520 against 480 gives
/// p = 0.21, fine. Assumes each unit is assigned independently with the declared probabilities; the chi-square
/// approximation wants an expected count of 5 or more per arm, which the minimum sample per arm provides.
/// </summary>
public static class SampleRatio
{
    /// <summary>A p-value below this is a mismatch.</summary>
    public const double Threshold = 0.001;

    /// <summary>
    /// Checks <paramref name="counts"/> (units per arm) against <paramref name="weights"/> (the declared split, any
    /// positive scale). An arm weighted 0 expects no units: a unit there is an infinite statistic, p = 0, a mismatch.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or a weight negative or not finite, or all weights 0.</exception>
    public static SampleRatioCheck Check(ReadOnlySpan<long> counts, ReadOnlySpan<double> weights)
    {
        if (counts.Length != weights.Length)
        {
            throw new ArgumentException("One weight per arm.", nameof(weights));
        }

        long total = 0;
        var weightSum = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[i], nameof(counts));
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[i], "A weight is a finite number, 0 or more.");
            }

            total += counts[i];
            weightSum += weights[i];
        }

        if (!(weightSum > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), weightSum, "The weights must sum to a positive value.");
        }

        var df = counts.Length - 1;
        if (total == 0 || df < 1)
        {
            return new SampleRatioCheck(double.NaN, Math.Max(df, 0), double.NaN, false);
        }

        var statistic = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            var expected = total * weights[i] / weightSum;
            if (expected == 0)
            {
                statistic += counts[i] == 0 ? 0 : double.PositiveInfinity;
                continue;
            }

            var deviation = counts[i] - expected;
            statistic += deviation * deviation / expected;
        }

        var p = double.IsPositiveInfinity(statistic) ? 0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2);
        return new SampleRatioCheck(statistic, df, p, p < Threshold);
    }
}
