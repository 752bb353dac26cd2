namespace Observability.Statistics;

/// <summary>
/// One arm's durations (cycle times) in seconds, summarised three ways. The <see cref="Mean"/> is what the arm cost
/// in total time per unit but one stuck task can move it a lot; the <see cref="Median"/> is the typical unit (half
/// took longer); the <see cref="GeometricMean"/>, exp(mean of ln duration), is the typical unit on the ratio scale
/// durations live on, and it is what <see cref="WelchLogRatio"/> compares between arms ("the variant takes 0.8×
/// as long"). Durations of 0 count for the mean and median but cannot enter a logarithm, so the geometric mean and the
/// log moments use the <see cref="PositiveCount"/> positive durations only. Anything not computable (no durations,
/// no positive ones, fewer than two for the variance) is NaN.
/// </summary>
/// <param name="Count">Durations given.</param>
/// <param name="Mean">Arithmetic mean in seconds.</param>
/// <param name="Median">Median in seconds; the mean of the two middle values when the count is even (as numpy).</param>
/// <param name="PositiveCount">Durations above 0, the ones in the log statistics.</param>
/// <param name="GeometricMean">exp(<paramref name="LogMean"/>), in seconds.</param>
/// <param name="LogMean">Mean of ln(seconds) over the positive durations.</param>
/// <param name="LogVariance">Sample variance (n − 1 denominator) of ln(seconds) over the positive durations.</param>
public sealed record DurationSummary(
    int Count,
    double Mean,
    double Median,
    int PositiveCount,
    double GeometricMean,
    double LogMean,
    double LogVariance)
{
    /// <summary>The summary of no durations: every statistic NaN.</summary>
    public static DurationSummary Empty { get; } = new(0, double.NaN, double.NaN, 0, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises <paramref name="seconds"/> (left unchanged). Linear time: the median is found by selection, not a sort.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A duration is negative, NaN or infinite.</exception>
    public static DurationSummary Create(ReadOnlySpan<double> seconds)
    {
        if (seconds.IsEmpty)
        {
            return Empty;
        }

        var sum = 0.0;
        var positive = 0;
        var logSum = 0.0;
        foreach (var value in seconds)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(seconds), value, "A duration is a finite number of seconds, 0 or more.");
            }

            sum += value;
            if (value > 0)
            {
                positive++;
                logSum += Math.Log(value);
            }
        }

        var logMean = positive == 0 ? double.NaN : logSum / positive;
        var logVariance = double.NaN;
        if (positive >= 2)
        {
            // Two passes, as numpy's var(ddof=1): the squared deviations from the mean, not a difference of sums.
            var squares = 0.0;
            foreach (var value in seconds)
            {
                if (value > 0)
                {
                    var deviation = Math.Log(value) - logMean;
                    squares += deviation * deviation;
                }
            }

            logVariance = squares / (positive - 1);
        }

        return new DurationSummary(
            seconds.Length,
            sum / seconds.Length,
            Selection.Median(seconds),
            positive,
            Math.Exp(logMean),
            logMean,
            logVariance);
    }
}
