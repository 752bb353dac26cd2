namespace Observability.Analytics.Windows;

/// <summary>The names used on the wire: window names, the global scope, thresholds and directions.</summary>
public static class WindowNames
{
    /// <summary>Share of merges done on the first attempt.</summary>
    public const string FirstPassMergeRate = "first_pass_merge_rate";

    /// <summary>Share of merges whose final pre-merge verdict was <c>rebase_conflict</c>.</summary>
    public const string RebaseConflictRate = "rebase_conflict_rate";

    /// <summary>Nearest-rank 95th percentile of attempts to merge.</summary>
    public const string P95AttemptsToMerge = "p95_attempts_to_merge";

    /// <summary>The project label of the global scope (every merge, with or without a project).</summary>
    public const string Global = "_global";

    /// <summary>The trust threshold (the rolling merge windows contract §2), on the first-pass merge rate.</summary>
    public const string Trust = "trust";

    /// <summary>The scope-overlap threshold (the rolling merge windows contract §3), on the rebase-conflict rate.</summary>
    public const string Scope = "scope";

    /// <summary>Trust lost: the first-pass merge rate fell below the low threshold.</summary>
    public const string Lost = "lost";

    /// <summary>Trust regained: the first-pass merge rate is back at the high threshold.</summary>
    public const string Regained = "regained";

    /// <summary>Scope tightened: the rebase-conflict rate rose above the high threshold.</summary>
    public const string Tightened = "tightened";

    /// <summary>Scope relaxed: the rebase-conflict rate fell below the low threshold.</summary>
    public const string Relaxed = "relaxed";

    /// <summary>The event type a crossing is stored as.</summary>
    public const string CrossingEventType = "threshold:crossed";

    /// <summary>The three windows, in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [FirstPassMergeRate, RebaseConflictRate, P95AttemptsToMerge];

    /// <summary>The valid (threshold, direction) pairs.</summary>
    public static IReadOnlyList<(string Threshold, string Direction)> Crossings { get; } =
        [(Trust, Lost), (Trust, Regained), (Scope, Tightened), (Scope, Relaxed)];
}
