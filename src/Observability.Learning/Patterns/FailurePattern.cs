namespace Observability.Learning.Patterns;

/// <summary>
/// The failures of one <c>stage:failure_type</c> in the trailing window, the learning system's failure pattern: how
/// often, how recently, how many of those failures' tasks later completed successfully and how long that took.
/// </summary>
/// <param name="PatternId"><c>p-</c> and 12 hex characters of the hash of <c>failure\nstage\nfailure_type</c>.</param>
/// <param name="Stage">The stage.</param>
/// <param name="FailureType">The failure type.</param>
/// <param name="OccurrenceCount">Failures in the window.</param>
/// <param name="LastOccurrence">The newest of them.</param>
/// <param name="Resolved">Those whose task completed successfully after the failure (by the run's time).</param>
/// <param name="ResolutionSuccessRate"><see cref="Resolved"/> / <see cref="OccurrenceCount"/>.</param>
/// <param name="AvgTimeToResolveSeconds">The mean time from failure to that success, over the resolved ones; null when none is.</param>
/// <param name="RecommendedAction">From <c>Learning:Actions</c> or the defaults.</param>
public sealed record FailurePattern(
    string PatternId,
    string Stage,
    string FailureType,
    int OccurrenceCount,
    DateTimeOffset LastOccurrence,
    int Resolved,
    double ResolutionSuccessRate,
    double? AvgTimeToResolveSeconds,
    string RecommendedAction);
