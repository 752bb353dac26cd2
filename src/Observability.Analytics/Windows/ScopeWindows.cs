namespace Observability.Analytics.Windows;

/// <summary>The windows and policy state of one scope: a project, or <c>_global</c>.</summary>
/// <param name="Project">The project, or <c>_global</c>.</param>
/// <param name="Merges">Merges seen in this scope, ever.</param>
/// <param name="FirstPassMergeRate">Effective first-pass merge rate.</param>
/// <param name="RebaseConflictRate">Effective rebase-conflict rate.</param>
/// <param name="P95AttemptsToMerge">Effective nearest-rank p95 of attempts to merge.</param>
/// <param name="TrustLost">Current trust state (hysteresis on the effective first-pass rate).</param>
/// <param name="ScopeTightened">Current scope state (hysteresis on the effective rebase-conflict rate).</param>
public sealed record ScopeWindows(
    string Project,
    long Merges,
    WindowValue FirstPassMergeRate,
    WindowValue RebaseConflictRate,
    WindowValue P95AttemptsToMerge,
    bool TrustLost,
    bool ScopeTightened)
{
    /// <summary>The window by its wire name.</summary>
    public WindowValue this[string window] => window switch
    {
        WindowNames.FirstPassMergeRate => FirstPassMergeRate,
        WindowNames.RebaseConflictRate => RebaseConflictRate,
        WindowNames.P95AttemptsToMerge => P95AttemptsToMerge,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "unknown window"),
    };
}
