namespace Observability.Analytics.Runs;

/// <summary>A bug fixed during a run (the WS-METRICS contract's <c>ws_bug_fixes</c> row).</summary>
/// <param name="Id">The bug fix id (the event's <c>entityId</c>).</param>
/// <param name="WsExecutionId">The run it belongs to.</param>
/// <param name="FixedAt">The event's timestamp.</param>
/// <param name="Autonomous">Fixed without human escalation.</param>
/// <param name="Description">One-line bug description.</param>
/// <param name="RootCause">One-line root cause.</param>
/// <param name="TestName">The reproducing test.</param>
/// <param name="FixSummary">What was changed.</param>
/// <param name="FilesModified">Files touched.</param>
/// <param name="ScopeId">Reserved tenant scope.</param>
public sealed record BugFixRecord(
    string Id,
    string WsExecutionId,
    DateTimeOffset FixedAt,
    bool Autonomous,
    string? Description,
    string? RootCause,
    string? TestName,
    string? FixSummary,
    IReadOnlyList<string> FilesModified,
    string? ScopeId);
