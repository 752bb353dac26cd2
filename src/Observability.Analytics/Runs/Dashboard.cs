namespace Observability.Analytics.Runs;

/// <summary>The WS-METRICS contract's dashboard aggregates over the runs started in a period.</summary>
/// <param name="Window">The period's name, or <c>custom</c> for <c>from</c>/<c>to</c>.</param>
/// <param name="From">Start of the period; null when open.</param>
/// <param name="To">End of the period; null when open.</param>
/// <param name="Runs">Runs started in the period.</param>
/// <param name="WsCompleted">Runs whose status is <c>COMPLETED</c>.</param>
/// <param name="AvgDurationSeconds">Mean duration of the completed runs; null when none.</param>
/// <param name="TestsWritten">Tests written by the runs.</param>
/// <param name="BugsFixedAutonomously">Bugs fixed without escalation, stamped in the period.</param>
/// <param name="LlmCostUsd">Known LLM cost of the runs.</param>
/// <param name="UnpricedTokens">Tokens with neither a reported cost nor a price.</param>
/// <param name="AvgReworkCycles">Mean rework cycles of the finished runs; null when none.</param>
/// <param name="CostPerWsTrend">Per UTC day of start: completed runs, their cost and cost per completed run.</param>
public sealed record Dashboard(
    string Window,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Runs,
    int WsCompleted,
    double? AvgDurationSeconds,
    long TestsWritten,
    int BugsFixedAutonomously,
    double LlmCostUsd,
    TokenTotals UnpricedTokens,
    double? AvgReworkCycles,
    IReadOnlyList<DayCost> CostPerWsTrend);
