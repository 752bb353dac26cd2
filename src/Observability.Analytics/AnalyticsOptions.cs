namespace Observability.Analytics;

/// <summary>
/// Settings of the analytics (configuration section <c>Analytics</c>). The price table turns token counts into
/// estimated costs; it is configuration, never code, and a model without an entry is shown as unpriced.
/// </summary>
public sealed class AnalyticsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Analytics";

    /// <summary>Per-model prices (<c>Analytics:Prices:0:Model</c>, <c>…:InputPerMillion</c>, <c>…:OutputPerMillion</c>); none by default.</summary>
    public IList<ModelPrice> Prices { get; init; } = [];

    /// <summary>Default of <see cref="MaxKeys"/>: the metric families' series cap, so an answer and the metrics fold alike.</summary>
    public const int DefaultMaxKeys = Metrics.MetricRegistryOptions.DefaultMaxSeriesPerFamily;

    /// <summary>
    /// The most keys from event data (models, task types, executors, projects, work statements, dates…) one breakdown
    /// of an answer lists; the rest are folded into one <c>__overflow__</c> entry (<see cref="KeyCap"/>). Default:
    /// <see cref="DefaultMaxKeys"/>.
    /// </summary>
    public int MaxKeys { get; set; } = DefaultMaxKeys;

    /// <summary>Every problem with the settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (MaxKeys < 1)
        {
            failures.Add($"{Section}:MaxKeys must be at least 1, was {MaxKeys}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Prices.Count; i++)
        {
            var price = Prices[i];
            var at = $"{Section}:Prices:{i}";
            if (string.IsNullOrWhiteSpace(price.Model))
            {
                failures.Add($"{at}:Model must name a model (agent.model as events send it).");
            }
            else if (!seen.Add(price.Model))
            {
                failures.Add($"{at}:Model '{price.Model}' is priced twice.");
            }

            CheckRate(failures, $"{at}:InputPerMillion", price.InputPerMillion);
            CheckRate(failures, $"{at}:OutputPerMillion", price.OutputPerMillion);
        }

        return failures;
    }

    private static void CheckRate(List<string> failures, string setting, double? rate)
    {
        if (rate is not { } r)
        {
            failures.Add($"{setting} is required (US dollars per million tokens).");
        }
        else if (!double.IsFinite(r) || r < 0)
        {
            failures.Add($"{setting} must be a finite number of US dollars, zero or more, was {r}.");
        }
    }
}
