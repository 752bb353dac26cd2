namespace Observability.Statistics;

/// <summary>
/// A two-sided 95 % confidence interval, <see cref="Lower"/> to <see cref="Upper"/>. When the data cannot give one
/// (an empty arm, too few values) both bounds are NaN and <see cref="HasValue"/> is false: callers show "no interval",
/// never a made-up range.
/// </summary>
/// <param name="Lower">The lower bound, or NaN when there is no interval.</param>
/// <param name="Upper">The upper bound, or NaN when there is no interval.</param>
public readonly record struct Interval(double Lower, double Upper)
{
    /// <summary>No interval: the data cannot give one.</summary>
    public static Interval None { get; } = new(double.NaN, double.NaN);

    /// <summary>True when both bounds are numbers.</summary>
    public bool HasValue => !double.IsNaN(Lower) && !double.IsNaN(Upper);

    /// <summary>True when the interval exists and holds <paramref name="value"/> (bounds included).</summary>
    public bool Contains(double value) => HasValue && value >= Lower && value <= Upper;
}
