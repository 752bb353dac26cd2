namespace Observability.Analytics.Runs;

/// <summary>
/// A run's LLM usage. When <c>llm:call</c> events are linked to the run (the WS-METRICS contract's correlation id), they are
/// the source; otherwise the run's own reported totals are. Per call or run, a reported cost wins over the
/// price-table estimate, and tokens of a model without a price are counted as unpriced, never priced at 0.
/// </summary>
/// <param name="Source"><c>calls</c> (linked <c>llm:call</c> events), <c>reported</c> (the run's own totals) or <c>none</c>.</param>
/// <param name="Calls">LLM invocations.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CostUsd">Known cost (reported or estimated) in US dollars.</param>
/// <param name="UnpricedInputTokens">Input tokens with neither a reported cost nor a price.</param>
/// <param name="UnpricedOutputTokens">Output tokens with neither a reported cost nor a price.</param>
public sealed record LlmFigures(
    string Source,
    int Calls,
    long InputTokens,
    long OutputTokens,
    double CostUsd,
    long UnpricedInputTokens,
    long UnpricedOutputTokens);
