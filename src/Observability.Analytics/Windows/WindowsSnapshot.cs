using System.Text.Json.Serialization;

namespace Observability.Analytics.Windows;

/// <summary>Everything <c>GET /api/v1/windows</c> and <c>agentobs metrics</c> show, as of one point in the log.</summary>
/// <param name="Global">The global scope (every merge).</param>
/// <param name="Projects">Each project seen, by name; at most <see cref="AnalyticsOptions.MaxKeys"/> of them (<paramref name="Overflow"/>).</param>
/// <param name="Thresholds">The configured thresholds.</param>
/// <param name="Merges">Merge events applied.</param>
/// <param name="Crossings">Crossings derived since start (re-derived ones included; the log keeps each once).</param>
/// <param name="PendingCrossings">Crossings derived but not yet handed to the log.</param>
/// <param name="SkippedMerges">Merge events left out: no usable <c>metadata.attempts</c>, or a work item already merged (the rolling merge windows contract counts its first merge).</param>
/// <param name="Overflow">
/// The projects left out past <see cref="AnalyticsOptions.MaxKeys"/> (those with the fewest merges), counted; null (absent)
/// when every project is listed.
/// </param>
public sealed record WindowsSnapshot(
    ScopeWindows Global,
    IReadOnlyList<ScopeWindows> Projects,
    ThresholdSettings Thresholds,
    long Merges,
    long Crossings,
    int PendingCrossings,
    long SkippedMerges,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WindowsOverflow? Overflow = null);
