namespace Observability.Analytics.Runs;

/// <summary>One day of the cost-per-WS trend.</summary>
/// <param name="Date">UTC date the runs started.</param>
/// <param name="Runs">Runs started that day.</param>
/// <param name="Completed">Of those, completed runs.</param>
/// <param name="CostUsd">Their known LLM cost.</param>
/// <param name="CostPerWs">Cost over completed runs; null when none completed.</param>
public sealed record DayCost(DateOnly Date, int Runs, int Completed, double CostUsd, double? CostPerWs);
