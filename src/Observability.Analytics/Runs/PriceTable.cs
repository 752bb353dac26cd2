namespace Observability.Analytics.Runs;

/// <summary>The validated price table, looked up by model name (case-insensitive).</summary>
internal sealed class PriceTable
{
    private readonly Dictionary<string, (double Input, double Output)> _prices = new(StringComparer.OrdinalIgnoreCase);

    public PriceTable(AnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } failures)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        foreach (var price in options.Prices)
        {
            _prices[price.Model] = (price.InputPerMillion!.Value, price.OutputPerMillion!.Value);
        }
    }

    /// <summary>The prices in a stable spelling: part of the snapshot's fingerprint, as costs are estimated at fold time.</summary>
    public string Fingerprint => string.Join(
        ";", _prices.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => FormattableString.Invariant($"{p.Key.ToUpperInvariant()}={p.Value.Input:R}/{p.Value.Output:R}")));

    /// <summary>The estimated cost in US dollars, or NaN when the model has no price.</summary>
    public double Estimate(string? model, long inputTokens, long outputTokens) =>
        model is not null && _prices.TryGetValue(model, out var p)
            ? (inputTokens * p.Input + outputTokens * p.Output) / 1_000_000
            : double.NaN;
}
