namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's usage per task, summed: tokens and cost of the task events in scope.</summary>
/// <param name="Tasks">Tasks with an event in scope (per model: the tasks placed under it).</param>
/// <param name="InputTokens">Input tokens (<c>agent.tokens.input</c>).</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CostUsd">Known cost: <c>metadata.costUsd</c> where an event reports it, else the price-table estimate.</param>
/// <param name="UnpricedInputTokens">Input tokens with neither a reported cost nor a price.</param>
/// <param name="UnpricedOutputTokens">Output tokens with neither a reported cost nor a price.</param>
public sealed record UsageFigures(int Tasks, long InputTokens, long OutputTokens, double CostUsd, long UnpricedInputTokens, long UnpricedOutputTokens);
