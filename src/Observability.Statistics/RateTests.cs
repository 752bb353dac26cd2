using MathNet.Numerics;

namespace Observability.Statistics;

/// <summary>
/// Two-sided tests of "the variant and the control have the same success probability", and the rule that picks one.
/// </summary>
/// <remarks>
/// <para>The switch rule (<see cref="Choose"/>): the pooled score test when both arms have at least
/// <see cref="LargeArm"/> units and every expected cell of the 2 × 2 table under the null (each arm's units times
/// the pooled rate, and times one minus it) is at least <see cref="MinimumExpectedCell"/>; Boschloo's exact test
/// otherwise. There the normal approximation of the score test is accurate to well under a percentage point of
/// p-value, and the exact test, whose cost grows with the product of the arm sizes, would be slower than it needs
/// to be. One exception keeps every answer fast: an exact table of more than <see cref="MaximumExactCells"/> cells
/// (a lopsided split such as 100 against 2,500 units, or rare events in arms of 500 and more) gets the score test too;
/// at the bound the exact test takes about 2 to 3 ms (docs/benchmarks.md).</para>
/// <para>Boschloo's test is exact: at the 5 % level it rejects a true null at most 5 % of the time whatever the
/// true rate, and it is uniformly more powerful than Fisher's exact test. The score test is the usual
/// "two-proportion z-test" with the pooled variance (no continuity correction), identical to Pearson's chi-square
/// test of the 2 × 2 table.</para>
/// </remarks>
public static class RateTests
{
    /// <summary>Both arms need at least this many units for the score test.</summary>
    public const int LargeArm = 200;

    /// <summary>Every expected cell under the null needs at least this count for the score test.</summary>
    public const double MinimumExpectedCell = 5;

    /// <summary>Above this many tables, (n_control + 1)(n_variant + 1), the exact test is not run (its cost bound).</summary>
    public const long MaximumExactCells = 250_000;

    /// <summary>The test <see cref="Compare"/> uses for these arms (see the switch rule in the remarks).</summary>
    public static RateTest Choose(ArmCounts control, ArmCounts variant)
    {
        if (control.N == 0 || variant.N == 0)
        {
            return RateTest.None;
        }

        var exactCells = (control.N + 1) * (double)(variant.N + 1);
        if (exactCells > MaximumExactCells)
        {
            return RateTest.PooledScore;
        }

        if (control.N < LargeArm || variant.N < LargeArm)
        {
            return RateTest.BoschlooExact;
        }

        // The smallest expected cell is the smaller arm times the rarer outcome's pooled share; compared without a
        // division so that exactly 5 counts as 5.
        var successes = control.Successes + variant.Successes;
        var rarer = Math.Min(successes, control.N + variant.N - successes);
        var smallestArm = Math.Min(control.N, variant.N);
        return (double)smallestArm * rarer >= MinimumExpectedCell * (control.N + variant.N) ? RateTest.PooledScore : RateTest.BoschlooExact;
    }

    /// <summary>The difference, its Newcombe interval and the p-value of the test <see cref="Choose"/> picks.</summary>
    public static RateComparison Compare(ArmCounts control, ArmCounts variant)
    {
        var test = Choose(control, variant);
        var p = test switch
        {
            RateTest.BoschlooExact => BoschlooExactPValue(control, variant),
            RateTest.PooledScore => PooledScorePValue(control, variant),
            _ => double.NaN,
        };
        return new RateComparison(variant.Rate - control.Rate, Newcombe.HybridScoreInterval(control, variant), p, test);
    }

    /// <summary>
    /// Boschloo's exact two-sided p-value as SciPy's <c>scipy.stats.boschloo_exact(table, "two-sided")</c> defines it:
    /// twice the smaller one-sided p-value, capped at 1. NaN when an arm is empty. Its cost grows with
    /// (n_control + 1)(n_variant + 1); <see cref="Compare"/> keeps it under <see cref="MaximumExactCells"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An arm has more than <see cref="int.MaxValue"/> / 2 units.</exception>
    public static double BoschlooExactPValue(ArmCounts control, ArmCounts variant)
    {
        const long largest = int.MaxValue / 2;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(control.N, largest, nameof(control));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(variant.N, largest, nameof(variant));
        return BoschlooExact.TwoSided((int)variant.N, (int)variant.Successes, (int)control.N, (int)control.Successes);
    }

    /// <summary>
    /// The pooled two-proportion score (z) test's two-sided p-value, as statsmodels' <c>proportions_ztest</c>:
    /// z = (p_v − p_c) / √(p̂(1 − p̂)(1/n_v + 1/n_c)) with p̂ the pooled rate, p = P(|Z| ≥ |z|). NaN when an arm is
    /// empty or the pooled rate is 0 or 1 (no variance: nothing to test). Accurate when every expected cell is 5 or more.
    /// </summary>
    public static double PooledScorePValue(ArmCounts control, ArmCounts variant)
    {
        var z = PooledScoreZ(control, variant);
        return double.IsNaN(z) ? double.NaN : SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2));
    }

    /// <summary>The pooled score statistic z (positive when the variant's rate is higher); NaN as for the p-value.</summary>
    public static double PooledScoreZ(ArmCounts control, ArmCounts variant)
    {
        if (control.N == 0 || variant.N == 0)
        {
            return double.NaN;
        }

        var pooled = (double)(control.Successes + variant.Successes) / (control.N + variant.N);
        if (pooled <= 0 || pooled >= 1)
        {
            return double.NaN;
        }

        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / variant.N) + (1.0 / control.N)));
        return (variant.Rate - control.Rate) / standardError;
    }
}
