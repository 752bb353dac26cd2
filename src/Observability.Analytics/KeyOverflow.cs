namespace Observability.Analytics;

/// <summary>
/// What a capped breakdown folded into its <see cref="KeyCap.OverflowKey"/> entry: the keys beyond
/// <see cref="AnalyticsOptions.MaxKeys"/>, whose figures that entry sums.
/// </summary>
/// <param name="Keys">Keys folded into the overflow entry.</param>
public sealed record KeyOverflow(int Keys)
{
    /// <summary>The overflow entry's key, <c>__overflow__</c>: the metric families' overflow label value.</summary>
    public const string Key = KeyCap.OverflowKey;
}
