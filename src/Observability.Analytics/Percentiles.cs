namespace Observability.Analytics;

/// <summary>
/// Percentiles by the nearest-rank method: of <c>n</c> values sorted ascending, the p-th percentile is the value
/// at rank <c>ceil(p / 100 × n)</c> (1-based; rank 1 for p = 0). It is always one of the observed values, never an
/// interpolation, so "p95 = 120 s" means a run really took 120 s. Example: of 1, 2, 3, 4 the p50 is rank
/// ceil(2) = 2, the value 2; the p90 is rank ceil(3.6) = 4, the value 4.
/// </summary>
public static class Percentiles
{
    /// <summary>The nearest-rank <paramref name="percent"/>-th percentile of <paramref name="sorted"/> (ascending); null when empty.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not within 0..100.</exception>
    public static double? NearestRank(ReadOnlySpan<double> sorted, double percent)
    {
        if (percent is < 0 or > 100 || double.IsNaN(percent))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is between 0 and 100.");
        }

        if (sorted.IsEmpty)
        {
            return null;
        }

        // The product is rounded to 9 decimal places first so that 0.9 × 10 counts as 9, not 9.000000000000002.
        var rank = (int)Math.Ceiling(Math.Round(percent / 100 * sorted.Length, 9));
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>Sorts <paramref name="values"/> in place and returns the nearest-rank percentile; null when empty.</summary>
    public static double? NearestRankUnsorted(Span<double> values, double percent)
    {
        values.Sort();
        return NearestRank(values, percent);
    }
}
