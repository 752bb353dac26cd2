namespace Observability.Statistics;

/// <summary>
/// Boschloo's exact unconditional test for two binomial arms, computed the way SciPy's <c>scipy.stats.boschloo_exact</c>
/// defines it (the reference): the statistic of a table is its one-sided Fisher exact p-value; the one-sided p-value
/// is the largest, over the common success probability π, of the chance of a table at least as extreme; the two-sided
/// p-value is twice the smaller one-sided p-value, capped at 1.
/// </summary>
/// <remarks>
/// <para>Why it is fast. All tables with the same total of successes k share one hypergeometric distribution of the
/// first arm's successes, and the tables at least as extreme on that diagonal are a prefix of it (Fisher's one-sided
/// p-value grows along the diagonal). So the region's probability at π is
/// Σₖ Binomial(k; n₁ + n₂, π) · Hₖ, where Hₖ is the hypergeometric mass of the region on diagonal k. Hₖ costs
/// O(n₁ · n₂) once; after that each π costs O(√(n₁ + n₂)) (the binomial's mass), so the supremum is found by a grid
/// on π = sin²θ (uniform in θ, where the binomial's width is the same everywhere) refined by golden-section search, instead of
/// O(n₁ · n₂) work per π.</para>
/// <para>Precision. Each diagonal's hypergeometric probabilities come from its mode outward by exact integer ratios
/// and are normalised by their own sum, so each cdf is right to a few ulps and tables that are equally extreme in
/// exact arithmetic (mirror images when the arms are equal, the middle of a symmetric diagonal) get p-values within
/// SciPy's relative tie tolerance of 1e-13, which is kept. Log-factorials are not used: their differences lose about
/// 1e-12 at a few hundred units, enough to split such ties. P-values below about 1e-300 underflow to 0.</para>
/// </remarks>
internal static class BoschlooExact
{
    /// <summary>SciPy's tolerance: a table within this relative distance of the observed statistic counts as a tie.</summary>
    private const double TieTolerance = 1e-13;

    /// <summary>Binomial terms below this fraction of the mode's are left out of the sum over k (their total is below 1e-28).</summary>
    private const double NegligibleTerm = 1e-30;

    /// <summary>The two-sided p-value; NaN when an arm is empty.</summary>
    public static double TwoSided(int n1, int s1, int n2, int s2)
    {
        if (n1 == 0 || n2 == 0)
        {
            return double.NaN;
        }

        var scratch = new double[Math.Min(n1, n2) + 1];
        var mass = new double[n1 + n2 + 1];
        // 1/j for j = 1..n₁ + n₂: the hypergeometric ratios become multiplications, not one division per table.
        var reciprocals = new double[n1 + n2 + 2];
        for (var j = 1; j < reciprocals.Length; j++)
        {
            reciprocals[j] = 1.0 / j;
        }

        var lower = OneSided(n1, s1, n2, s2, reciprocals, scratch, mass);
        var upper = OneSided(n2, s2, n1, s1, reciprocals, scratch, mass);
        return Math.Clamp(2 * Math.Min(lower, upper), 0, 1);
    }

    /// <summary>
    /// The one-sided p-value for "arm 1's rate is lower": the supremum over π of the probability of the tables whose
    /// Fisher p-value P(S₁ ≤ s₁ | S₁ + S₂) is at most the observed one.
    /// </summary>
    private static double OneSided(int n1, int s1, int n2, int s2, double[] reciprocals, double[] scratch, double[] mass)
    {
        var total = n1 + n2;
        var observed = RegionMass(n1, n2, s1 + s2, double.PositiveInfinity, s1, 0, reciprocals, scratch);
        var threshold = observed * (1 + TieTolerance);
        // Tables far enough out in a diagonal's tails that even all of them together would change its region mass by
        // less than 1e-20 of the threshold are not visited (about 12 standard deviations out for a moderate threshold).
        var negligible = Math.Min(NegligibleTerm, threshold * 1e-20 / (Math.Min(n1, n2) + 1));
        for (var k = 0; k <= total; k++)
        {
            mass[k] = RegionMass(n1, n2, k, threshold, int.MaxValue, negligible, reciprocals, scratch);
        }

        return Supremum(mass.AsSpan(0, total + 1));
    }

    /// <summary>
    /// On diagonal k (S₁ + S₂ = k), the largest hypergeometric cdf value P(S₁ ≤ i | k) that is at most
    /// <paramref name="threshold"/> and has i ≤ <paramref name="lastIndex"/>; 0 when there is none. Probabilities
    /// below <paramref name="negligible"/> times the mode's are left out (0: only those that underflow).
    /// </summary>
    private static double RegionMass(int n1, int n2, int k, double threshold, int lastIndex, double negligible, double[] reciprocals, double[] pmf)
    {
        var lo = Math.Max(0, k - n2);
        var hi = Math.Min(k, n1);
        var mode = Math.Clamp((int)((long)(k + 1) * (n1 + 1) / (n1 + n2 + 2)), lo, hi);
        // Relative to 1 at the mode, then normalised by the diagonal's sum: no log-factorials (whose differences lose
        // about 1e-12 at a few hundred units, enough to split exact ties), and a cdf exact to a few ulps. The walk
        // stops where the probabilities become negligible: they only fall further from there. Each ratio is an exact
        // integer times a product of two reciprocals, a product that is the same whichever order the pair comes in,
        // so mirror-image diagonals (equal arms) still get bit-identical probabilities.
        pmf[mode - lo] = 1;
        var above = 0.0;
        var top = mode;
        for (var i = mode; i < hi; i++)
        {
            // P(i + 1) / P(i) = (k − i)(n₁ − i) / ((i + 1)(n₂ − k + i + 1)).
            double up = (long)(k - i) * (n1 - i);
            var next = pmf[i - lo] * (up * (reciprocals[i + 1] * reciprocals[n2 - k + i + 1]));
            if (next <= negligible)
            {
                break;
            }

            pmf[i + 1 - lo] = next;
            above += next;
            top = i + 1;
        }

        var below = 0.0;
        var bottom = mode;
        for (var i = mode; i > lo; i--)
        {
            // P(i − 1) / P(i) = i(n₂ − k + i) / ((k − i + 1)(n₁ − i + 1)).
            double up = (long)i * (n2 - k + i);
            var next = pmf[i - lo] * (up * (reciprocals[k - i + 1] * reciprocals[n1 - i + 1]));
            if (next <= negligible)
            {
                break;
            }

            pmf[i - 1 - lo] = next;
            below += next;
            bottom = i - 1;
        }

        var sum = (below + 1) + above;

        // cdf > threshold compared as cumulative > threshold · sum: one division per diagonal, not per table.
        var limit = threshold * sum;
        var cumulative = 0.0;
        var best = 0.0;
        var last = Math.Min(top, lastIndex);
        for (var i = bottom; i <= last; i++)
        {
            cumulative += pmf[i - lo];
            if (cumulative > limit)
            {
                break;
            }

            best = cumulative;
        }

        return best / sum;
    }

    /// <summary>max over π in [0, 1] of Σₖ Binomial(k; n, π) · mass[k].</summary>
    private static double Supremum(ReadOnlySpan<double> mass)
    {
        var n = mass.Length - 1;
        // Binomial(k + 1) / Binomial(k) = (n − k)/(k + 1) · odds: the π-free factors once, not per evaluation.
        var ratios = new BinomialRatios(n);
        // The binomial's width in θ is about 1/(2√n), the narrowest a bump of the sum can be: 2.5 grid points per
        // width find every bump, and golden-section search then climbs each one that is at least half the highest.
        var steps = 16 + (8 * (int)Math.Ceiling(Math.Sqrt(n)));
        var step = Math.PI / 2 / steps;
        var values = new double[steps + 1];
        var best = 0.0;
        for (var g = 0; g <= steps; g++)
        {
            values[g] = Evaluate(mass, g * step, ratios);
            best = Math.Max(best, values[g]);
        }

        if (best >= 1)
        {
            return 1; // Every table is at least as extreme as the observed one.
        }

        for (var g = 0; g <= steps; g++)
        {
            // The first point of a plateau counts as its maximum; the rest of it would only repeat the climb.
            var left = g == 0 ? double.NegativeInfinity : values[g - 1];
            var right = g == steps ? double.NegativeInfinity : values[g + 1];
            if (values[g] > left && values[g] >= right && values[g] >= best * 0.5)
            {
                var refined = GoldenSectionMax(mass, Math.Max(0, (g - 1) * step), Math.Min(Math.PI / 2, (g + 1) * step), ratios);
                best = Math.Max(best, refined);
            }
        }

        return best;
    }

    private static double GoldenSectionMax(ReadOnlySpan<double> mass, double a, double b, BinomialRatios ratios)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var c = b - (ratio * (b - a));
        var d = a + (ratio * (b - a));
        var fc = Evaluate(mass, c, ratios);
        var fd = Evaluate(mass, d, ratios);
        var best = Math.Max(fc, fd);
        while (b - a > 1e-10)
        {
            if (fc >= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (ratio * (b - a));
                fc = Evaluate(mass, c, ratios);
                best = Math.Max(best, fc);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (ratio * (b - a));
                fd = Evaluate(mass, d, ratios);
                best = Math.Max(best, fd);
            }
        }

        return best;
    }

    /// <summary>
    /// Σₖ Binomial(k; n, π) · mass[k] at π = sin²θ. The binomial is walked from its mode outward (relative to 1 there)
    /// until its terms are negligible, and the weighted sum divided by the sum of the terms walked, which is 1 in exact
    /// arithmetic: no log-factorials, and the odds π / (1 − π) = tan²θ without cancellation near either end.
    /// </summary>
    private static double Evaluate(ReadOnlySpan<double> mass, double theta, BinomialRatios ratios)
    {
        var n = mass.Length - 1;
        var sin = Math.Sin(theta);
        var cos = Math.Cos(theta);
        if (sin <= 0)
        {
            return mass[0];
        }

        if (cos <= 0)
        {
            return mass[n];
        }

        var pi = sin * sin;
        var mode = Math.Clamp((int)Math.Floor((n + 1) * pi), 0, n);
        var odds = pi / (cos * cos);
        var inverseOdds = cos * cos / pi;
        var weighted = mass[mode];
        var total = 1.0;
        var term = 1.0;
        for (var k = mode; k < n && term > NegligibleTerm; k++)
        {
            term *= ratios.Up[k] * odds;
            weighted += term * mass[k + 1];
            total += term;
        }

        term = 1.0;
        for (var k = mode; k > 0 && term > NegligibleTerm; k--)
        {
            term *= ratios.Down[k] * inverseOdds;
            weighted += term * mass[k - 1];
            total += term;
        }

        return weighted / total;
    }

    /// <summary>(n − k)/(k + 1) and k/(n − k + 1), the π-free parts of the binomial's consecutive ratios.</summary>
    private sealed class BinomialRatios
    {
        public BinomialRatios(int n)
        {
            Up = new double[n + 1];
            Down = new double[n + 1];
            for (var k = 0; k <= n; k++)
            {
                Up[k] = (double)(n - k) / (k + 1);
                Down[k] = k / (double)(n - k + 1);
            }
        }

        public double[] Up { get; }

        public double[] Down { get; }
    }
}
