namespace Observability.Analytics.Pipeline;

/// <summary>ADR-009's chain figures.</summary>
/// <param name="Total">Distinct chains with a chain event in scope.</param>
/// <param name="Completed">Distinct chains with a <c>chain:completed</c> in scope.</param>
/// <param name="AvgTasksPerChain">Tasks in scope whose <c>chainId</c> is one of those chains, divided by <paramref name="Total"/>; null without chains.</param>
public sealed record ChainFigures(int Total, int Completed, double? AvgTasksPerChain);
