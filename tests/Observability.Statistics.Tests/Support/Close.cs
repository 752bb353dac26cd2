namespace Observability.Statistics.Tests.Support;

/// <summary>
/// Comparisons with the references at stated tolerances. A NaN expected value (the reference's "undefined") must be
/// answered with NaN, and a number with a number.
/// </summary>
internal static class Close
{
    /// <summary>Closed forms (Wilson, Newcombe, score test, Welch, chi-square, Holm, mSPRT, duration summaries).</summary>
    public const double ClosedForm = 1e-9;

    /// <summary>Boschloo's exact test: SciPy maximises over the nuisance parameter numerically (shgo, 32 points).</summary>
    public const double ExactTest = 1e-6;

    /// <summary>The Bayesian readout against 30-digit mpmath or double-precision SciPy quadrature.</summary>
    public const double Quadrature = 1e-9;

    /// <summary>
    /// Relative error at most <paramref name="relative"/>, or absolute error at most <paramref name="absolute"/>
    /// (0 unless a value is a difference of nearly equal numbers, where only an absolute bound is meaningful).
    /// </summary>
    public static void Equal(double expected, double actual, double relative, string what, double absolute = 0)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected no value (NaN), got {actual:R}");
            return;
        }

        Assert.False(double.IsNaN(actual), $"{what}: expected {expected:R}, got NaN");
        var error = Math.Abs(actual - expected);
        Assert.True(
            error <= relative * Math.Abs(expected) || error <= absolute,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {error / Math.Abs(expected):E2}, allowed {relative:E0})");
    }

    public static void Equal(Interval expected, Interval actual, double relative, string what)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected.HasValue)
        {
            Equal(expected.Lower, actual.Lower, relative, what + " lower");
            Equal(expected.Upper, actual.Upper, relative, what + " upper");
        }
    }
}
