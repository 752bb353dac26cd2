using MathNet.Numerics;

namespace Observability.Statistics;

/// <summary>
/// The beta-binomial readout (<see cref="BayesianReadout"/>) by exact finite sums, not simulation or quadrature.
/// </summary>
/// <remarks>
/// For X_A ~ Beta(a_A, b_A) and X_B ~ Beta(a_B, b_B) with whole-number parameters (a uniform prior plus counts),
/// P(X_B &gt; X_A) = Σ_{i=0}^{a_B−1} B(a_A + i, b_A + b_B) / ((b_B + i) B(1 + i, b_B) B(a_A, b_A)) (Evan Miller, 2015;
/// also Cook, 2005). Consecutive terms differ by the rational factor (a_A + i)(b_B + i) / ((a_A + b_A + b_B + i)(1 + i)),
/// so one logarithm starts the sum and the rest are multiplications, with the running sum rescaled before it can
/// overflow. The mirror form P(1 − X_A &gt; 1 − X_B) has b_A terms; the shorter is used. All terms are positive, so
/// the sum loses no precision even when the answer is tiny.
/// The expected loss uses E[X 1{X &gt; Y}] = E[X] · P(X⁺ &gt; Y) with X⁺ ~ Beta(a + 1, b):
/// E[max(p_c − p_v, 0)] = mean_c · P(X_c⁺ &gt; X_v) − mean_v · P(X_c &gt; X_v⁺).
/// </remarks>
public static class BetaBinomial
{
    /// <summary>The readout for the two arms (each with a Beta(1, 1) prior). Cost: linear in the smaller count.</summary>
    public static BayesianReadout Compare(ArmCounts control, ArmCounts variant)
    {
        double ac = control.Successes + 1;
        double bc = control.Failures + 1;
        double av = variant.Successes + 1;
        double bv = variant.Failures + 1;
        var beats = ProbabilityGreater(av, bv, ac, bc);
        var meanC = ac / (ac + bc);
        var meanV = av / (av + bv);
        var loss = (meanC * ProbabilityGreater(ac + 1, bc, av, bv)) - (meanV * ProbabilityGreater(ac, bc, av + 1, bv));
        return new BayesianReadout(beats, Math.Max(0, loss));
    }

    /// <summary>P(X_B &gt; X_A) for X_B ~ Beta(aB, bB), X_A ~ Beta(aA, bA), all whole numbers of at least 1.</summary>
    internal static double ProbabilityGreater(double aB, double bB, double aA, double bA) =>
        aB <= bA
            ? MillerSum(aA, bA, aB, bB)
            : MillerSum(bB, aB, bA, aA); // 1 − X_A ~ Beta(bA, aA) plays B, 1 − X_B ~ Beta(bB, aB) plays A.

    private static double MillerSum(double aA, double bA, double aB, double bB)
    {
        const double rescaleAbove = 1e250;
        var terms = (long)aB;
        // ln t₀ = ln B(a_A, b_A + b_B) − ln B(a_A, b_A), since (b_B) B(1, b_B) = 1.
        var logScale = SpecialFunctions.BetaLn(aA, bA + bB) - SpecialFunctions.BetaLn(aA, bA);
        var term = 1.0;
        var sum = 0.0;
        for (long i = 0; i < terms; i++)
        {
            sum += term;
            term *= (aA + i) * (bB + i) / ((aA + bA + bB + i) * (1 + i));
            if (sum > rescaleAbove)
            {
                sum /= rescaleAbove;
                term /= rescaleAbove;
                logScale += Math.Log(rescaleAbove);
            }
        }

        // Added in logs: exp(logScale) alone may underflow while the product is representable.
        return Math.Min(1, Math.Exp(logScale + Math.Log(sum)));
    }
}
