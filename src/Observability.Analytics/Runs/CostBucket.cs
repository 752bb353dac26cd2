namespace Observability.Analytics.Runs;

/// <summary>One row of a cost breakdown.</summary>
/// <param name="Calls">LLM invocations.</param>
/// <param name="InputTokens">All input tokens.</param>
/// <param name="OutputTokens">All output tokens.</param>
/// <param name="CostUsd">Known cost: reported plus estimated.</param>
/// <param name="ReportedCostUsd">The part reported on the events.</param>
/// <param name="EstimatedCostUsd">The part estimated from the price table.</param>
/// <param name="UnpricedInputTokens">Input tokens with neither a reported cost nor a price.</param>
/// <param name="UnpricedOutputTokens">Output tokens with neither a reported cost nor a price.</param>
public sealed record CostBucket(
    long Calls,
    long InputTokens,
    long OutputTokens,
    double CostUsd,
    double ReportedCostUsd,
    double EstimatedCostUsd,
    long UnpricedInputTokens,
    long UnpricedOutputTokens);
