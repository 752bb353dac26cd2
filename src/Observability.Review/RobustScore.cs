namespace Observability.Review;

/// <summary>
/// The robust score of a value against a baseline: (x − median) / (1.4826 × MAD), MAD the median absolute deviation
/// from the median (1.4826 makes it estimate the standard deviation of normal data: the "modified z-score"). When MAD
/// is 0 (more than half the baseline equal), the scale is 1.2533 × the mean absolute deviation instead (Iglewicz and
/// Hoaglin); when that is 0 too the baseline is flat and there is no score.
/// </summary>
/// <remarks>
/// Reference: <c>/usr/bin/python3 -c "import numpy as np, scipy.stats as s; b=np.array([...]);
/// print(np.median(b), s.median_abs_deviation(b), s.median_abs_deviation(b, scale='normal'))"</c> (scale='normal'
/// divides by Φ⁻¹(0.75) = 0.67449, i.e. multiplies by 1.4826); the tests carry the figures it printed.
/// </remarks>
internal static class RobustScore
{
    /// <summary>1 / Φ⁻¹(0.75): MAD × this estimates σ for normal data.</summary>
    public const double MadScale = 1.482602218505602;

    /// <summary>√(π/2): mean absolute deviation × this estimates σ for normal data.</summary>
    public const double MeanAdScale = 1.2533141373155001;

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The median absolute deviation from the median (unscaled).</summary>
    public static double Mad(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median([.. values.Select(v => Math.Abs(v - median))]);
    }

    /// <summary>The score of <paramref name="x"/>, or null for a flat baseline (or an empty one).</summary>
    public static (double Score, double Median, double Mad)? Of(double x, IReadOnlyList<double> baseline)
    {
        if (baseline.Count == 0)
        {
            return null;
        }

        var median = Median(baseline);
        var mad = Mad(baseline);
        var scale = MadScale * mad;
        if (scale == 0)
        {
            scale = MeanAdScale * baseline.Average(v => Math.Abs(v - median));
        }

        return scale > 0 ? ((x - median) / scale, median, mad) : null;
    }
}
