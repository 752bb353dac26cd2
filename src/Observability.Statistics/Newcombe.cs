namespace Observability.Statistics;

/// <summary>
/// Newcombe's hybrid score interval for the difference of two rates (variant minus control), method 10 of Newcombe
/// (1998), "Interval estimation for the difference between independent proportions". It combines the two arms'
/// Wilson intervals: the lower bound is d − √((p_v − l_v)² + (u_c − p_c)²), the upper d + √((p_c − l_c)² + (u_v − p_v)²).
/// It keeps near 95 % coverage with small arms and with rates at 0 or 1, where the Wald interval fails, and is
/// recommended by Fagerland, Lydersen and Laake (2015). Read it as "the variant's rate is between lower and upper
/// percentage points above the control's"; an interval containing 0 means the data are consistent with no difference.
/// Assumes independent units in two independent arms.
/// </summary>
public static class Newcombe
{
    /// <summary>The name answers use for this interval.</summary>
    public const string MethodName = "newcombe_hybrid_score";

    /// <summary>
    /// The 95 % interval for <c>rate(variant) − rate(control)</c>; <see cref="Interval.None"/> when either arm is empty.
    /// Example: control 4 of 20, variant 14 of 21: difference 0.467, interval 0.163 to 0.667.
    /// </summary>
    public static Interval HybridScoreInterval(ArmCounts control, ArmCounts variant)
    {
        if (control.N == 0 || variant.N == 0)
        {
            return Interval.None;
        }

        var pc = control.Rate;
        var pv = variant.Rate;
        var c = Wilson.ScoreInterval(control);
        var v = Wilson.ScoreInterval(variant);
        var difference = pv - pc;
        var below = Math.Sqrt(Square(pv - v.Lower) + Square(c.Upper - pc));
        var above = Math.Sqrt(Square(pc - c.Lower) + Square(v.Upper - pv));
        return new Interval(difference - below, difference + above);
    }

    private static double Square(double x) => x * x;
}
