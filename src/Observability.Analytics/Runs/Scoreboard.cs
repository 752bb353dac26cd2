namespace Observability.Analytics.Runs;

/// <summary>The WS-METRICS contract's one-screen scoreboard over the runs started in a window.</summary>
/// <param name="Window">The window name (<c>24h</c>, <c>7d</c>, <c>30d</c>, <c>90d</c>, <c>all</c>).</param>
/// <param name="From">Start of the window; null for <c>all</c>.</param>
/// <param name="To">End of the window (now).</param>
/// <param name="Runs">Runs started in the window.</param>
/// <param name="Completed">Of those, runs whose status is <c>COMPLETED</c>.</param>
/// <param name="SuccessRate">Completed over runs, 0..1; null without runs.</param>
/// <param name="AvgDurationSeconds">Mean duration of the finished runs; null when none.</param>
/// <param name="P95DurationSeconds">Nearest-rank 95th percentile of the same durations.</param>
/// <param name="FirstPassVerifyRate">Completed runs with zero rework cycles over completed runs, 0..1; null when none completed.</param>
/// <param name="TotalCostUsd">Known LLM cost of the runs (reported or estimated).</param>
/// <param name="CostPerCompletedWs">Total cost over completed runs; null when none completed.</param>
/// <param name="UnpricedTokens">Tokens of the runs with neither a reported cost nor a price.</param>
/// <param name="AutonomousBugFixes">Bugs fixed without escalation, stamped in the window.</param>
public sealed record Scoreboard(
    string Window,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Runs,
    int Completed,
    double? SuccessRate,
    double? AvgDurationSeconds,
    double? P95DurationSeconds,
    double? FirstPassVerifyRate,
    double TotalCostUsd,
    double? CostPerCompletedWs,
    TokenTotals UnpricedTokens,
    int AutonomousBugFixes);
