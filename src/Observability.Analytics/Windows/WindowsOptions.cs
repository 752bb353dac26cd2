namespace Observability.Analytics.Windows;

/// <summary>
/// The <c>Windows</c> configuration section: sizes of the rolling merge windows contract's count windows and the hysteresis thresholds.
/// Every value has a named default; <see cref="Validate"/> names each bad setting.
/// </summary>
public sealed class WindowsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Windows";

    /// <summary>The rolling merge windows contract: the first-pass merge rate is taken over the last 50 merges.</summary>
    public const int DefaultFirstPassWindow = 50;

    /// <summary>The rolling merge windows contract: the rebase-conflict rate is taken over the last 100 merges.</summary>
    public const int DefaultRebaseConflictWindow = 100;

    /// <summary>The rolling merge windows contract: the p95 of attempts to merge is taken over the last 100 merges.</summary>
    public const int DefaultAttemptsWindow = 100;

    /// <summary>The rolling merge windows contract §2: trust is lost when the first-pass merge rate falls below 70%.</summary>
    public const double DefaultTrustLostBelow = 0.70;

    /// <summary>The rolling merge windows contract §2: trust is regained when the first-pass merge rate is back at 85% or more.</summary>
    public const double DefaultTrustRegainedAt = 0.85;

    /// <summary>The rolling merge windows contract §3: scope is tightened when the rebase-conflict rate rises above 10%.</summary>
    public const double DefaultScopeTightenedAbove = 0.10;

    /// <summary>The rolling merge windows contract §3: scope is relaxed when the rebase-conflict rate falls below 5%.</summary>
    public const double DefaultScopeRelaxedBelow = 0.05;

    /// <summary>Largest window accepted; the windows hold one slot per merge in memory, per project.</summary>
    public const int MaxWindow = 100_000;

    /// <summary>Work items whose last review verdict is remembered until they merge; beyond it new ones are not tracked.</summary>
    public const int DefaultMaxOpenWorkItems = 100_000;

    /// <summary>Merges in the first-pass window. Default <see cref="DefaultFirstPassWindow"/>.</summary>
    public int FirstPassWindow { get; set; } = DefaultFirstPassWindow;

    /// <summary>Merges in the rebase-conflict window. Default <see cref="DefaultRebaseConflictWindow"/>.</summary>
    public int RebaseConflictWindow { get; set; } = DefaultRebaseConflictWindow;

    /// <summary>Merges in the attempts window. Default <see cref="DefaultAttemptsWindow"/>.</summary>
    public int AttemptsWindow { get; set; } = DefaultAttemptsWindow;

    /// <summary>Trust is lost below this first-pass merge rate. Default <see cref="DefaultTrustLostBelow"/>.</summary>
    public double TrustLostBelow { get; set; } = DefaultTrustLostBelow;

    /// <summary>Trust is regained at or above this first-pass merge rate. Default <see cref="DefaultTrustRegainedAt"/>.</summary>
    public double TrustRegainedAt { get; set; } = DefaultTrustRegainedAt;

    /// <summary>Scope is tightened above this rebase-conflict rate. Default <see cref="DefaultScopeTightenedAbove"/>.</summary>
    public double ScopeTightenedAbove { get; set; } = DefaultScopeTightenedAbove;

    /// <summary>Scope is relaxed below this rebase-conflict rate. Default <see cref="DefaultScopeRelaxedBelow"/>.</summary>
    public double ScopeRelaxedBelow { get; set; } = DefaultScopeRelaxedBelow;

    /// <summary>Cap on remembered review verdicts of unmerged work items. Default <see cref="DefaultMaxOpenWorkItems"/>.</summary>
    public int MaxOpenWorkItems { get; set; } = DefaultMaxOpenWorkItems;

    /// <summary>Every problem, one line each, naming the setting as <c>Windows:Name</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        CheckWindow(failures, nameof(FirstPassWindow), FirstPassWindow);
        CheckWindow(failures, nameof(RebaseConflictWindow), RebaseConflictWindow);
        CheckWindow(failures, nameof(AttemptsWindow), AttemptsWindow);
        CheckRatio(failures, nameof(TrustLostBelow), TrustLostBelow);
        CheckRatio(failures, nameof(TrustRegainedAt), TrustRegainedAt);
        CheckRatio(failures, nameof(ScopeTightenedAbove), ScopeTightenedAbove);
        CheckRatio(failures, nameof(ScopeRelaxedBelow), ScopeRelaxedBelow);

        // Without a gap between the two thresholds the state would flap on every merge near the line.
        if (!(TrustLostBelow < TrustRegainedAt))
        {
            failures.Add($"{Section}:{nameof(TrustLostBelow)} ({TrustLostBelow}) must be below {Section}:{nameof(TrustRegainedAt)} ({TrustRegainedAt}).");
        }

        if (!(ScopeRelaxedBelow < ScopeTightenedAbove))
        {
            failures.Add($"{Section}:{nameof(ScopeRelaxedBelow)} ({ScopeRelaxedBelow}) must be below {Section}:{nameof(ScopeTightenedAbove)} ({ScopeTightenedAbove}).");
        }

        if (MaxOpenWorkItems < 0)
        {
            failures.Add($"{Section}:{nameof(MaxOpenWorkItems)} must be zero or more, was {MaxOpenWorkItems}.");
        }

        return failures;
    }

    private static void CheckWindow(List<string> failures, string name, int value)
    {
        if (value is < 1 or > MaxWindow)
        {
            failures.Add($"{Section}:{name} must be between 1 and {MaxWindow} merges, was {value}.");
        }
    }

    private static void CheckRatio(List<string> failures, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            failures.Add($"{Section}:{name} must be a ratio between 0 and 1, was {value}.");
        }
    }
}
