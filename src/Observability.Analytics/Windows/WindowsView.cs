using Observability.Shared;

namespace Observability.Analytics.Windows;

/// <summary>
/// Seed 004's rolling windows over <c>workitem:merged</c> events, per project and global, with hysteresis thresholds
/// whose crossings are queued for the host to append to the log. O(1) per merge.
/// </summary>
/// <remarks>
/// <para>Order: the log's order is what counts, not the events' timestamps; a merge that arrives late is the newest
/// merge when it arrives (the windows are "the last N merges recorded").</para>
/// <para>Rebase conflicts: a merge counts as one when its <c>metadata.finalVerdict</c> is <c>rebase_conflict</c>;
/// when a merge carries no final verdict, the last <c>workitem:reviewed</c> verdict of the same work item
/// (<c>entityId</c>) stands in for it, which is seed 004's "final pre-merge verdict". Reviews are never counted in
/// the denominator: the rate is over merges.</para>
/// <para>Fallback: a project's value is its own once its window is full, the global one before. While a project
/// falls back its policy state is the global one (a crossing is recorded once, for <c>_global</c>, not once per
/// project); when its window fills it starts from the global state and from then on crosses on its own rate.</para>
/// </remarks>
public sealed class WindowsView : IAnalyticsView
{
    private readonly WindowsOptions _options;
    private readonly MergeWindows _global;
    private readonly Dictionary<string, MergeWindows> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastVerdicts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _merged = new(StringComparer.Ordinal);
    private readonly Queue<ThresholdCrossing> _pending = new();
    private readonly ThresholdSettings _thresholds;
    private long _merges;
    private long _crossings;
    private long _skipped;

    /// <summary>Creates the view; the options must be valid (<see cref="WindowsOptions.Validate"/>).</summary>
    public WindowsView(WindowsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _global = new MergeWindows(options);
        _thresholds = new ThresholdSettings(options.TrustLostBelow, options.TrustRegainedAt, options.ScopeTightenedAbove, options.ScopeRelaxedBelow);
    }

    /// <summary>Crossings derived and not yet taken by <see cref="DrainCrossings"/>.</summary>
    public int PendingCrossings => _pending.Count;

    /// <inheritdoc />
    public void Apply(AnalyticsEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.EventType == "workitem:reviewed")
        {
            Remember(e);
        }
        else if (e.EventType == "workitem:merged")
        {
            Merge(e);
        }
    }

    /// <summary>Takes the queued crossings, oldest first. Call it through the feed's lock, as every reader does.</summary>
    public IReadOnlyList<ThresholdCrossing> DrainCrossings()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        var drained = _pending.ToArray();
        _pending.Clear();
        return drained;
    }

    /// <summary>The current windows; O(projects). Call it through the feed's lock.</summary>
    public WindowsSnapshot Snapshot()
    {
        var global = Describe(WindowNames.Global, _global);
        var projects = new List<ScopeWindows>(_projects.Count);
        foreach (var (name, windows) in _projects.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            projects.Add(Describe(name, windows));
        }

        return new WindowsSnapshot(global, projects, _thresholds, _merges, _crossings, _pending.Count, _skipped);
    }

    private void Remember(AnalyticsEvent e)
    {
        if (e.EntityId is not { } item || e.MetadataString("verdict") is not { } verdict)
        {
            return;
        }

        if (_lastVerdicts.Count < _options.MaxOpenWorkItems || _lastVerdicts.ContainsKey(item))
        {
            _lastVerdicts[item] = verdict;
        }
    }

    private void Merge(AnalyticsEvent e)
    {
        if (e.MetadataNumber("attempts") is not { } number || !NumberLimits.TryWhole(number, 1, NumberLimits.MaxAttempts, out var whole))
        {
            _skipped++;
            return;
        }

        // Seed 004 counts a work item's first merge; a second merge event for it (another id) is not a new merge.
        if (e.EntityId is { } merged && !_merged.Add(e.MetadataString("project") + "\u0000" + merged))
        {
            _skipped++;
            return;
        }

        var attempts = (int)whole;
        string? reviewed = null;
        if (e.EntityId is { } item)
        {
            _lastVerdicts.Remove(item, out reviewed);
        }

        var rebaseConflict = (e.MetadataString("finalVerdict") ?? reviewed) == "rebase_conflict";
        _merges++;
        _global.Add(attempts, rebaseConflict);
        EvaluateTrust(WindowNames.Global, _global, e);
        EvaluateScope(WindowNames.Global, _global, e);

        if (e.MetadataString("project") is { Length: > 0 } project && project != WindowNames.Global)
        {
            if (!_projects.TryGetValue(project, out var windows))
            {
                windows = new MergeWindows(_options);
                _projects.Add(project, windows);
            }

            windows.Add(attempts, rebaseConflict);
            if (windows.FirstPass.IsFull)
            {
                if (!windows.OwnsTrust)
                {
                    windows.OwnsTrust = true;
                    windows.TrustLost = _global.TrustLost;
                }

                EvaluateTrust(project, windows, e);
            }

            if (windows.RebaseConflict.IsFull)
            {
                if (!windows.OwnsScope)
                {
                    windows.OwnsScope = true;
                    windows.ScopeTightened = _global.ScopeTightened;
                }

                EvaluateScope(project, windows, e);
            }
        }
    }

    private void EvaluateTrust(string project, MergeWindows windows, AnalyticsEvent cause)
    {
        if (windows.FirstPass.Rate is not { } rate)
        {
            return;
        }

        if (!windows.TrustLost && rate < _options.TrustLostBelow)
        {
            windows.TrustLost = true;
            Cross(WindowNames.Trust, WindowNames.Lost, project, rate, windows.FirstPass, cause);
        }
        else if (windows.TrustLost && rate >= _options.TrustRegainedAt)
        {
            windows.TrustLost = false;
            Cross(WindowNames.Trust, WindowNames.Regained, project, rate, windows.FirstPass, cause);
        }
    }

    private void EvaluateScope(string project, MergeWindows windows, AnalyticsEvent cause)
    {
        if (windows.RebaseConflict.Rate is not { } rate)
        {
            return;
        }

        if (!windows.ScopeTightened && rate > _options.ScopeTightenedAbove)
        {
            windows.ScopeTightened = true;
            Cross(WindowNames.Scope, WindowNames.Tightened, project, rate, windows.RebaseConflict, cause);
        }
        else if (windows.ScopeTightened && rate < _options.ScopeRelaxedBelow)
        {
            windows.ScopeTightened = false;
            Cross(WindowNames.Scope, WindowNames.Relaxed, project, rate, windows.RebaseConflict, cause);
        }
    }

    private void Cross(string threshold, string direction, string project, double rate, RateWindow window, AnalyticsEvent cause)
    {
        _crossings++;
        _pending.Enqueue(new ThresholdCrossing(threshold, direction, project, rate, window.Count, window.Capacity, cause.Id, cause.Timestamp));
    }

    private ScopeWindows Describe(string name, MergeWindows windows)
    {
        var isGlobal = ReferenceEquals(windows, _global);
        var firstPass = Value(windows.FirstPass.Rate, windows.FirstPass.IsFull, windows.FirstPass.Count, windows.FirstPass.Capacity, _global.FirstPass.Rate, isGlobal);
        var rebase = Value(windows.RebaseConflict.Rate, windows.RebaseConflict.IsFull, windows.RebaseConflict.Count, windows.RebaseConflict.Capacity, _global.RebaseConflict.Rate, isGlobal);
        var p95 = Value(
            windows.Attempts.Percentile(0.95), windows.Attempts.IsFull, windows.Attempts.Count, windows.Attempts.Capacity, _global.Attempts.Percentile(0.95), isGlobal);
        var trustLost = isGlobal || windows.OwnsTrust ? windows.TrustLost : _global.TrustLost;
        var scopeTightened = isGlobal || windows.OwnsScope ? windows.ScopeTightened : _global.ScopeTightened;
        return new ScopeWindows(name, windows.Merges, firstPass, rebase, p95, trustLost, scopeTightened);
    }

    private static WindowValue Value(double? own, bool full, int n, int size, double? global, bool isGlobal) =>
        isGlobal ? new WindowValue(own, n, size, WindowValue.GlobalSource)
        : full ? new WindowValue(own, n, size, WindowValue.ProjectSource)
        : new WindowValue(global, n, size, WindowValue.GlobalSource);
}
