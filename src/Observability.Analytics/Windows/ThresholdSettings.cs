namespace Observability.Analytics.Windows;

/// <summary>The thresholds in force and the percentile definition.</summary>
/// <param name="TrustLostBelow">Trust is lost below this first-pass merge rate.</param>
/// <param name="TrustRegainedAt">Trust is regained at or above it.</param>
/// <param name="ScopeTightenedAbove">Scope is tightened above this rebase-conflict rate.</param>
/// <param name="ScopeRelaxedBelow">Scope is relaxed below it.</param>
/// <param name="Percentile">The percentile definition: <c>nearest-rank</c>.</param>
public sealed record ThresholdSettings(
    double TrustLostBelow, double TrustRegainedAt, double ScopeTightenedAbove, double ScopeRelaxedBelow, string Percentile = "nearest-rank");
