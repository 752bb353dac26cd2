namespace Observability.Statistics;

/// <summary>
/// The Wilson score interval for one arm's rate. It is the set of true rates p for which the observed rate would not
/// be rejected by a two-sided score test at 5 %: unlike the textbook "rate ± 1.96 × standard error" it never leaves
/// 0..1, is not zero-width at 0 or all successes, and keeps close to its nominal 95 % coverage even with a dozen
/// units, which is why it is the rate interval here. Example: 8 successes of 15 units, rate 0.533, interval 0.301 to 0.752.
/// Assumes the units are independent and share one success probability.
/// </summary>
public static class Wilson
{
    /// <summary>The 95 % Wilson score interval for <paramref name="arm"/>'s rate; <see cref="Interval.None"/> when the arm is empty.</summary>
    public static Interval ScoreInterval(ArmCounts arm)
    {
        if (arm.N == 0)
        {
            return Interval.None;
        }

        // The same arithmetic order as statsmodels' proportion_confint(method="wilson"), the reference.
        double n = arm.N;
        var rate = arm.Successes / n;
        var z = NormalQuantiles.Z975;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var center = (rate + (z2 / (2 * n))) / denominator;
        var half = z * Math.Sqrt((rate * (1 - rate) / n) + (z2 / (4 * n * n))) / denominator;
        // In exact arithmetic the lower bound is 0 with no successes and the upper 1 with no failures; rounding
        // leaves them 1e-17 off, so they are set, and the bounds kept in 0..1.
        var lower = arm.Successes == 0 ? 0 : Math.Max(0, center - half);
        var upper = arm.Successes == arm.N ? 1 : Math.Min(1, center + half);
        return new Interval(lower, upper);
    }
}
