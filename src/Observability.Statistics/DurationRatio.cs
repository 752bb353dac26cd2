namespace Observability.Statistics;

/// <summary>
/// The variant's geometric mean duration over the control's, with its 95 % interval and a two-sided p-value from
/// Welch's t-test on log durations. A ratio of 0.8 with interval 0.7 to 0.92 reads "the variant's typical unit takes
/// 20 % less time, between 8 % and 30 % less". Not computable (NaN, <see cref="Interval.None"/>): an arm with fewer
/// than two positive durations, or no spread at all in either arm.
/// </summary>
/// <param name="Ratio">GeometricMean(variant) / GeometricMean(control).</param>
/// <param name="RatioInterval">exp(d ± t* · se), d the difference of log means, t* the 97.5 % Student t quantile.</param>
/// <param name="PValue">Two-sided p-value of Welch's t-test on ln(duration).</param>
/// <param name="T">Welch's t statistic (positive when the variant is slower).</param>
/// <param name="DegreesOfFreedom">The Welch–Satterthwaite degrees of freedom.</param>
public sealed record DurationRatio(double Ratio, Interval RatioInterval, double PValue, double T, double DegreesOfFreedom)
{
    /// <summary>Nothing computable.</summary>
    public static DurationRatio None { get; } = new(double.NaN, Interval.None, double.NaN, double.NaN, double.NaN);
}
