namespace Observability.Analytics;

/// <summary>Summed <c>agent.tokens</c>.</summary>
/// <param name="Input">Input tokens.</param>
/// <param name="Output">Output tokens.</param>
public sealed record TokenTotals(long Input, long Output);
