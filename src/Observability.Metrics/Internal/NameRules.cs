namespace Observability.Metrics;

/// <summary>Prometheus' rules for metric and label names (data model, "Metric names and labels").</summary>
internal static class NameRules
{
    public static bool IsValidMetricName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsMetricNameStart(name[0]))
        {
            return false;
        }

        foreach (var c in name.AsSpan(1))
        {
            if (!IsMetricNameStart(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidLabelName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsLabelNameStart(name[0]))
        {
            return false;
        }

        foreach (var c in name.AsSpan(1))
        {
            if (!IsLabelNameStart(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static void ValidateMetricName(string name)
    {
        if (!IsValidMetricName(name))
        {
            throw new ArgumentException(
                $"Metric name '{name}' is invalid: it must match [a-zA-Z_:][a-zA-Z0-9_:]*.", nameof(name));
        }

        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Metric name '{name}' is invalid: names starting with '__' are reserved for Prometheus' internal use.",
                nameof(name));
        }
    }

    public static void ValidateLabelNames(string metricName, MetricType type, IReadOnlyList<string> labelNames)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labelNames)
        {
            if (!IsValidLabelName(label))
            {
                throw new ArgumentException(
                    $"Label name '{label}' of metric '{metricName}' is invalid: it must match [a-zA-Z_][a-zA-Z0-9_]*.",
                    nameof(labelNames));
            }

            if (label.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Label name '{label}' of metric '{metricName}' is invalid: names starting with '__' are reserved.",
                    nameof(labelNames));
            }

            // 'le' names histogram bucket bounds; on any other type promtool's lint rejects it too.
            if (label == "le")
            {
                throw new ArgumentException(
                    $"Label name 'le' of {type.ToString().ToLowerInvariant()} '{metricName}' is reserved for histogram bucket bounds.",
                    nameof(labelNames));
            }

            // 'quantile' belongs to summaries; this library has none, and a user label of that name would
            // read as one to every consumer of the exposition.
            if (label == "quantile")
            {
                throw new ArgumentException(
                    $"Label name 'quantile' of metric '{metricName}' is reserved for summaries.", nameof(labelNames));
            }

            if (!seen.Add(label))
            {
                throw new ArgumentException(
                    $"Label name '{label}' appears twice in metric '{metricName}'.", nameof(labelNames));
            }
        }
    }

    private static bool IsMetricNameStart(char c) => char.IsAsciiLetter(c) || c == '_' || c == ':';

    private static bool IsLabelNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
}
