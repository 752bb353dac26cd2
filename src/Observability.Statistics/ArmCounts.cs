namespace Observability.Statistics;

/// <summary>
/// The binary outcome of one arm of an experiment: <see cref="N"/> finished units, of which <see cref="Successes"/>
/// succeeded (for a rate such as rework, "success" is the event being counted). An arm with no units is allowed:
/// every statistic built on it answers "not computable" (NaN, <see cref="Interval.None"/>) instead of throwing.
/// </summary>
public readonly record struct ArmCounts
{
    /// <summary>Counts of one arm.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or successes exceed <paramref name="n"/>.</exception>
    public ArmCounts(long n, long successes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        N = n;
        Successes = successes;
    }

    /// <summary>Finished units in the arm.</summary>
    public long N { get; }

    /// <summary>Units that succeeded.</summary>
    public long Successes { get; }

    /// <summary>Units that did not succeed.</summary>
    public long Failures => N - Successes;

    /// <summary>The observed rate, successes over units; NaN for an empty arm.</summary>
    public double Rate => N == 0 ? double.NaN : (double)Successes / N;
}
