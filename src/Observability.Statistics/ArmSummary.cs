namespace Observability.Statistics;

/// <summary>
/// Everything reported for one arm: units, successes, the rate with its 95 % Wilson interval, the durations
/// summary and cost per unit and per success. Not computable values (an empty arm, no successes for cost per
/// success) are NaN and the interval <see cref="Interval.None"/>.
/// </summary>
/// <param name="Counts">Units and successes.</param>
/// <param name="RateInterval">The 95 % Wilson score interval of the rate.</param>
/// <param name="Durations">The durations summary.</param>
/// <param name="TotalCost">The arm's summed cost (any currency unit; USD in the sidecar).</param>
public sealed record ArmSummary(ArmCounts Counts, Interval RateInterval, DurationSummary Durations, double TotalCost)
{
    /// <summary>Successes over units; NaN for an empty arm.</summary>
    public double Rate => Counts.Rate;

    /// <summary>Total cost over units; NaN for an empty arm.</summary>
    public double CostPerUnit => Counts.N == 0 ? double.NaN : TotalCost / Counts.N;

    /// <summary>Total cost over successes (what one success costs, failures included); NaN without successes.</summary>
    public double CostPerSuccess => Counts.Successes == 0 ? double.NaN : TotalCost / Counts.Successes;

    /// <summary>Builds the summary; <paramref name="durationSeconds"/> may hold fewer values than units (unfinished timings).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A duration is negative or not finite, or the cost is negative or not finite.</exception>
    public static ArmSummary Create(ArmCounts counts, ReadOnlySpan<double> durationSeconds, double totalCost)
    {
        if (!double.IsFinite(totalCost) || totalCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalCost), totalCost, "A cost is a finite number, 0 or more.");
        }

        return new ArmSummary(counts, Wilson.ScoreInterval(counts), DurationSummary.Create(durationSeconds), totalCost);
    }
}
