namespace Observability.Metrics;

/// <summary>Histogram bucket layouts and their validation.</summary>
public static class HistogramBuckets
{
    /// <summary>
    /// The default upper bounds, the same as every official Prometheus client's:
    /// 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 (seconds, for request latency).
    /// </summary>
    public static IReadOnlyList<double> Default { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary><paramref name="count"/> bounds starting at <paramref name="start"/>, each <paramref name="width"/> apart.</summary>
    public static double[] Linear(double start, double width, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        return Enumerable.Range(0, count).Select(i => start + (i * width)).ToArray();
    }

    /// <summary><paramref name="count"/> bounds starting at <paramref name="start"/>, each <paramref name="factor"/> times the last.</summary>
    public static double[] Exponential(double start, double factor, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(factor, 1);
        return Enumerable.Range(0, count).Select(i => start * Math.Pow(factor, i)).ToArray();
    }

    /// <summary>
    /// Checks and copies bounds: finite, strictly increasing, at least one; a trailing <c>+Inf</c> is
    /// dropped because it is always implicit.
    /// </summary>
    internal static double[] Validate(string metricName, IReadOnlyList<double>? bounds)
    {
        var list = (bounds ?? Default).ToList();
        if (list.Count > 0 && double.IsPositiveInfinity(list[^1]))
        {
            list.RemoveAt(list.Count - 1);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException($"Histogram '{metricName}' needs at least one finite bucket bound.", nameof(bounds));
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (!double.IsFinite(list[i]))
            {
                throw new ArgumentException(
                    $"Histogram '{metricName}' bucket bound #{i} is {list[i]}; bounds must be finite (+Inf is implicit).",
                    nameof(bounds));
            }

            if (i > 0 && !(list[i] > list[i - 1]))
            {
                throw new ArgumentException(
                    $"Histogram '{metricName}' bucket bounds must be strictly increasing: {list[i - 1]} is followed by {list[i]}.",
                    nameof(bounds));
            }
        }

        return [.. list];
    }
}
