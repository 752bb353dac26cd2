using System.Globalization;
using Observability.Events;
using Observability.Projections;

namespace Observability.Analytics.Windows;

/// <summary>
/// The rolling merge windows contract's windows over <c>workitem:merged</c> events, per project and global, with
/// hysteresis thresholds. O(1) per merge. A pure fold: a crossing it derives stays pending until the log holds its
/// <c>threshold:crossed</c> event, which the crossing reaction appends; the log itself is that reaction's position.
/// </summary>
/// <remarks>
/// <para>Order: the log's order is what counts, not the events' timestamps; a merge that arrives late is the newest
/// merge when it arrives (the windows are "the last N merges recorded").</para>
/// <para>Rebase conflicts: a merge counts as one when its <c>metadata.finalVerdict</c> is <c>rebase_conflict</c>;
/// when a merge carries no final verdict, the last <c>workitem:reviewed</c> verdict of the same work item
/// (<c>entityId</c>) stands in for it, which is the contract's "final pre-merge verdict". Reviews are never counted in
/// the denominator: the rate is over merges.</para>
/// <para>Fallback: a project's value is its own once its window is full, the global one before. While a project
/// falls back its policy state is the global one (a crossing is recorded once, for <c>_global</c>, not once per
/// project); when its window fills it starts from the global state and from then on crosses on its own rate.</para>
/// </remarks>
public sealed class MergeWindowsView : IProjection
{
    /// <summary>The most crossings kept waiting for their event in the log; beyond it the oldest is dropped and counted.</summary>
    public const int MaxPendingCrossings = 10_000;

    private readonly WindowsOptions _options;
    private readonly Dictionary<string, MergeWindows> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastVerdicts = new(StringComparer.Ordinal);
    private readonly KeyedHashSet _merged = new();
    private readonly KeyedHashSet _storedCrossings = new();
    private readonly OrderedDictionary<string, ThresholdCrossing> _pending = new(StringComparer.Ordinal);
    private readonly ThresholdSettings _thresholds;
    private MergeWindows _global;
    private long _merges;
    private long _crossings;
    private long _skipped;
    private long _droppedCrossings;

    /// <summary>Creates the view; the options must be valid (<see cref="WindowsOptions.Validate"/>).</summary>
    public MergeWindowsView(WindowsOptions options)
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
        Settings = string.Create(
            CultureInfo.InvariantCulture,
            $"{options.FirstPassWindow}/{options.RebaseConflictWindow}/{options.AttemptsWindow}/{options.TrustLostBelow:R}/{options.TrustRegainedAt:R}/{options.ScopeTightenedAbove:R}/{options.ScopeRelaxedBelow:R}/{options.MaxOpenWorkItems}");
    }

    /// <inheritdoc />
    public string Name => "merge-windows";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings { get; }

    /// <summary>Crossings derived whose <c>threshold:crossed</c> event the log does not hold yet, oldest first.</summary>
    public IReadOnlyList<ThresholdCrossing> PendingCrossings => [.. _pending.Values];

    /// <summary>Crossings dropped from the pending ones past <see cref="MaxPendingCrossings"/> (never stored).</summary>
    public long DroppedCrossings => _droppedCrossings;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case "workitem:reviewed":
                Remember(e);
                break;
            case "workitem:merged":
                Merge(e);
                break;
            case WindowNames.CrossingEventType:
                // Stored: no longer pending, and a crossing derived later under the same id is already in the log.
                var id = e.Id;
                _storedCrossings.Add(null, id);
                _pending.Remove(id);
                break;
        }
    }

    /// <summary>The current windows of every project; O(projects). Call it through the host's lock.</summary>
    public WindowsSnapshot Snapshot() => Snapshot(int.MaxValue);

    /// <summary>
    /// The current windows of at most <paramref name="maxKeys"/> projects, those with the most merges (ties by name), in
    /// name order; the others are counted in <see cref="WindowsSnapshot.Overflow"/>. A rate or a percentile over the last
    /// N merges of several projects cannot be rebuilt from their own windows, so the overflow carries counts only.
    /// O(projects · log projects) past the cap. Call it through the host's lock.
    /// </summary>
    public WindowsSnapshot Snapshot(int maxKeys)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var global = Describe(WindowNames.Global, _global);
        KeyValuePair<string, MergeWindows>[] all = [.. _projects.OrderBy(p => p.Key, StringComparer.Ordinal)];
        var kept = KeyCap.Kept(all, maxKeys, w => w.Merges);
        var projects = new List<ScopeWindows>(Math.Min(all.Length, maxKeys));
        int foldedProjects = 0;
        long foldedMerges = 0;
        for (var i = 0; i < all.Length; i++)
        {
            var (name, windows) = all[i];
            if (kept[i])
            {
                projects.Add(Describe(name, windows));
            }
            else
            {
                foldedProjects++;
                foldedMerges += windows.Merges;
            }
        }

        return new WindowsSnapshot(
            global, projects, _thresholds, _merges, _crossings, _pending.Count, _skipped,
            foldedProjects == 0 ? null : new WindowsOverflow(foldedProjects, foldedMerges));
    }

    private void Remember(in StoredEvent e)
    {
        if (e.Metadata.Text("verdict"u8) is not { } verdict)
        {
            return;
        }

        if (_lastVerdicts.Count < _options.MaxOpenWorkItems || _lastVerdicts.ContainsKey(e.EntityId))
        {
            _lastVerdicts[e.EntityId] = verdict;
        }
    }

    private void Merge(in StoredEvent e)
    {
        var metadata = e.Metadata;
        if (!metadata.TryGet("attempts"u8, out var given) || !given.TryGetWhole(1, NumberLimits.MaxAttempts, out var whole))
        {
            _skipped++;
            return;
        }

        // The contract counts a work item's first merge; a second merge event for it (another id) is not a new merge.
        var project = metadata.Text("project"u8);
        if (!_merged.Add(project, e.EntityId))
        {
            _skipped++;
            return;
        }

        var attempts = (int)whole;
        _lastVerdicts.Remove(e.EntityId, out var reviewed);
        var rebaseConflict = (metadata.Text("finalVerdict"u8) ?? reviewed) == "rebase_conflict";
        _merges++;
        _global.Add(attempts, rebaseConflict);
        EvaluateTrust(WindowNames.Global, _global, e);
        EvaluateScope(WindowNames.Global, _global, e);

        if (project is { Length: > 0 } && project != WindowNames.Global)
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

    private void EvaluateTrust(string project, MergeWindows windows, in StoredEvent cause)
    {
        if (windows.FirstPass.FullRate is not { } rate)
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

    private void EvaluateScope(string project, MergeWindows windows, in StoredEvent cause)
    {
        if (windows.RebaseConflict.FullRate is not { } rate)
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

    private void Cross(string threshold, string direction, string project, double rate, RingWindow window, in StoredEvent cause)
    {
        _crossings++;
        var crossing = new ThresholdCrossing(threshold, direction, project, rate, window.Count, window.Capacity, cause.Id, cause.Timestamp);
        var id = crossing.EventId;
        if (_storedCrossings.Contains(null, id))
        {
            return;
        }

        if (_pending.Count == MaxPendingCrossings)
        {
            _pending.RemoveAt(0);
            _droppedCrossings++;
        }

        _pending[id] = crossing;
    }

    private ScopeWindows Describe(string name, MergeWindows windows)
    {
        var isGlobal = ReferenceEquals(windows, _global);
        var firstPass = Value(windows.FirstPass.FullRate, windows.FirstPass, _global.FirstPass.FullRate, isGlobal);
        var rebase = Value(windows.RebaseConflict.FullRate, windows.RebaseConflict, _global.RebaseConflict.FullRate, isGlobal);
        var p95 = Value(windows.Attempts.FullPercentile(0.95), windows.Attempts, _global.Attempts.FullPercentile(0.95), isGlobal);
        var trustLost = isGlobal || windows.OwnsTrust ? windows.TrustLost : _global.TrustLost;
        var scopeTightened = isGlobal || windows.OwnsScope ? windows.ScopeTightened : _global.ScopeTightened;
        return new ScopeWindows(name, windows.Merges, firstPass, rebase, p95, trustLost, scopeTightened);
    }

    private static WindowValue Value(double? own, RingWindow window, double? global, bool isGlobal) =>
        isGlobal ? new WindowValue(own, window.Count, window.Capacity, WindowValue.GlobalSource)
        : window.IsFull ? new WindowValue(own, window.Count, window.Capacity, WindowValue.ProjectSource)
        : new WindowValue(global, window.Count, window.Capacity, WindowValue.GlobalSource);

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_merges);
        writer.Write(_crossings);
        writer.Write(_skipped);
        writer.Write(_droppedCrossings);
        _global.WriteTo(writer);
        writer.Write(_projects.Count);
        foreach (var (project, windows) in _projects)
        {
            writer.Write(project);
            windows.WriteTo(writer);
        }

        writer.Write(_lastVerdicts.Count);
        foreach (var (item, verdict) in _lastVerdicts)
        {
            writer.Write(item);
            writer.Write(verdict);
        }

        _merged.WriteTo(writer);
        _storedCrossings.WriteTo(writer);
        writer.Write(_pending.Count);
        foreach (var crossing in _pending.Values)
        {
            writer.Write(crossing.Threshold);
            writer.Write(crossing.Direction);
            writer.Write(crossing.Project);
            writer.Write(crossing.Value);
            writer.Write(crossing.N);
            writer.Write(crossing.Window);
            writer.Write(crossing.MergeEventId);
            writer.Write(crossing.Timestamp);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _merges = reader.ReadInt64();
        _crossings = reader.ReadInt64();
        _skipped = reader.ReadInt64();
        _droppedCrossings = reader.ReadInt64();
        _global = MergeWindows.ReadFrom(reader, _options);
        _projects.Clear();
        _lastVerdicts.Clear();
        _pending.Clear();
        var projects = reader.ReadCount();
        for (var i = 0; i < projects; i++)
        {
            _projects[reader.ReadString()] = MergeWindows.ReadFrom(reader, _options);
        }

        var verdicts = reader.ReadCount();
        for (var i = 0; i < verdicts; i++)
        {
            _lastVerdicts[reader.ReadString()] = reader.ReadString();
        }

        _merged.ReadFrom(reader);
        _storedCrossings.ReadFrom(reader);
        var pending = reader.ReadCount();
        for (var i = 0; i < pending; i++)
        {
            var crossing = new ThresholdCrossing(
                reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32(),
                reader.ReadString(), reader.ReadDateTimeOffset());
            _pending[crossing.EventId] = crossing;
        }
    }
}
