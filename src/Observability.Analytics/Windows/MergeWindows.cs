namespace Observability.Analytics.Windows;

/// <summary>The three windows of one scope (one project, or every merge for the global scope) and its policy state.</summary>
internal sealed class MergeWindows(WindowsOptions options)
{
    public RateWindow FirstPass { get; } = new(options.FirstPassWindow);

    public RateWindow RebaseConflict { get; } = new(options.RebaseConflictWindow);

    public AttemptsWindow Attempts { get; } = new(options.AttemptsWindow);

    /// <summary>Merges seen in this scope, ever.</summary>
    public long Merges { get; private set; }

    /// <summary>Hysteresis state of trust, meaningful once <see cref="OwnsTrust"/> (or always for the global scope).</summary>
    public bool TrustLost { get; set; }

    /// <summary>Hysteresis state of scope, meaningful once <see cref="OwnsScope"/> (or always for the global scope).</summary>
    public bool ScopeTightened { get; set; }

    /// <summary>True once the first-pass window filled: from then on trust follows this scope's own rate.</summary>
    public bool OwnsTrust { get; set; }

    /// <summary>True once the rebase-conflict window filled: from then on scope follows this scope's own rate.</summary>
    public bool OwnsScope { get; set; }

    public void Add(int attempts, bool rebaseConflict)
    {
        Merges++;
        FirstPass.Add(attempts == 1);
        RebaseConflict.Add(rebaseConflict);
        Attempts.Add(attempts);
    }
}
