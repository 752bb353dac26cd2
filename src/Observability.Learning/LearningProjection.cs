using Observability.Events;
using Observability.Learning.Context;
using Observability.Learning.Patterns;
using Observability.Learning.Playbook;
using Observability.Projections;

namespace Observability.Learning;

/// <summary>
/// The learning system's state, folded from the log: the task failures per <c>stage:failure_type</c> and finished
/// attempts per <c>agent_type:task_type</c> still inside the trailing window (with each failure's resolution), the
/// newest finished tasks for history snippets, and the playbook that the <c>reflection:run</c> events carry with the
/// outcomes <c>context:outcome</c> events add to it. Patterns, rules and confidence at a given time are computed from it
/// by the reflection run and the context answer; this fold has no clock.
/// </summary>
/// <remarks>
/// Bounded: failures and attempts older than the window before the newest task event seen are dropped, at most
/// <see cref="LearningOptions.MaxPatterns"/> keys of each kind and <see cref="MaxPerPattern"/> records per key are kept,
/// <see cref="LearningOptions.MaxTrackedTasks"/> tasks are tracked (the first seen go first),
/// <see cref="LearningOptions.HistorySize"/> finished attempts and <see cref="LearningOptions.MaxRules"/> rules.
/// </remarks>
public sealed partial class LearningProjection : IProjection
{
    /// <summary>Records kept per pattern key at most (the oldest go first).</summary>
    public const int MaxPerPattern = 100_000;

    private const int MaxValueLength = 128;
    private readonly LearningOptions _options;
    private readonly long _windowTicks;
    private readonly Dictionary<string, PatternSeries<FailureRecord>> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PatternSeries<AttemptRecord>> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskTrack> _tasks = new(StringComparer.Ordinal);
    private readonly Queue<string> _taskOrder = new();
    private readonly HistoryRing _history;
    private readonly Dictionary<string, PlaybookRule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutcomeTally> _outcomes = new(StringComparer.Ordinal);
    private readonly long[] _runs = new long[LearningNames.Triggers.Count];
    private readonly long[] _outcomeCounts = new long[LearningNames.Outcomes.Count];
    private long _latestTicks;

    /// <summary>A projection under <paramref name="options"/> (validated).</summary>
    public LearningProjection(LearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _windowTicks = options.Window.Ticks;
        _history = new HistoryRing(options.HistorySize);
    }

    /// <inheritdoc />
    public string Name => "learning";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => _options.Fingerprint();

    /// <summary>The settings.</summary>
    public LearningOptions Options => _options;

    /// <summary>Task finishes whose pattern key was not kept because <see cref="LearningOptions.MaxPatterns"/> keys were.</summary>
    public long UntrackedEvents { get; private set; }

    /// <summary>Distinct anti-patterns the reflection runs have added to the playbook.</summary>
    public long AntiPatternsDetected { get; private set; }

    /// <summary>The newest reflection run applied; null before the first.</summary>
    public RunSummary? LastRun { get; private set; }

    /// <summary>When the newest scheduled reflection run ran; null before the first (the schedule counts from it).</summary>
    public DateTimeOffset? LastScheduledAt { get; private set; }

    /// <summary>Reflection runs applied, by trigger, in <see cref="LearningNames.Triggers"/> order.</summary>
    public IReadOnlyList<long> Runs => _runs;

    /// <summary>Outcomes recorded, in <see cref="LearningNames.Outcomes"/> order.</summary>
    public IReadOnlyList<long> OutcomeCounts => _outcomeCounts;

    internal IEnumerable<PatternSeries<FailureRecord>> FailureSeries => _failures.Values;

    internal IEnumerable<PatternSeries<AttemptRecord>> AttemptSeries => _attempts.Values;

    internal HistoryRing History => _history;

    internal IReadOnlyDictionary<string, PlaybookRule> Rules => _rules;

    internal IReadOnlyDictionary<string, OutcomeTally> Outcomes => _outcomes;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case "task:started":
                Track(e.EntityId).StartedAtTicks = e.Timestamp.UtcTicks;
                return;
            case "task:failed":
                Finish(e, success: false, Value(e.Metadata.Text("failureType"u8)));
                return;
            case "task:completed":
                var success = e.Metadata.Boolean("success"u8) ?? true;
                Finish(e, success, success ? null : Value(e.Metadata.Text("failureType"u8)));
                return;
            case LearningNames.ReflectionRun:
                ApplyRun(e);
                return;
            case LearningNames.ContextOutcome:
                ApplyOutcome(e);
                return;
            default:
                return;
        }
    }

    /// <summary>The rule with <paramref name="id"/>, or null.</summary>
    internal PlaybookRule? Rule(string id) => _rules.GetValueOrDefault(id);

    private static string Value(string? text) =>
        string.IsNullOrEmpty(text) ? LearningNames.Unknown : text.Length > MaxValueLength ? text[..MaxValueLength] : text;

    private TaskTrack Track(string taskId)
    {
        if (_tasks.TryGetValue(taskId, out var track))
        {
            return track;
        }

        while (_tasks.Count >= _options.MaxTrackedTasks && _taskOrder.TryDequeue(out var oldest))
        {
            _tasks.Remove(oldest);
        }

        track = new TaskTrack();
        _tasks[taskId] = track;
        _taskOrder.Enqueue(taskId);
        return track;
    }

    private void Finish(in StoredEvent e, bool success, string? failureType)
    {
        var at = e.Timestamp.UtcTicks;
        _latestTicks = Math.Max(_latestTicks, at);
        var metadata = e.Metadata;
        var stage = Value(metadata.Text("stage"u8));
        var taskType = Value(metadata.Text("taskType"u8));
        var agentType = Value(metadata.Text("agentType"u8) ?? e.Role);
        var track = Track(e.EntityId);
        track.Attempts++;
        var duration = metadata.Number("durationSeconds"u8)
            ?? (track.StartedAtTicks > 0 && at >= track.StartedAtTicks ? (at - track.StartedAtTicks) / (double)TimeSpan.TicksPerSecond : double.NaN);
        track.StartedAtTicks = 0;

        if (SeriesOf(_attempts, agentType, taskType) is { } attempts)
        {
            attempts.Records.Add(new AttemptRecord(at, success, duration));
            attempts.Records.Trim(r => r.AtTicks < _latestTicks - _windowTicks, MaxPerPattern);
        }

        if (!success)
        {
            if (SeriesOf(_failures, stage, failureType!) is { } failures)
            {
                var sequence = failures.Records.Add(new FailureRecord(e.EntityId, at, 0));
                failures.Records.Trim(r => r.AtTicks < _latestTicks - _windowTicks, MaxPerPattern);
                if (track.OpenFailures.Count >= TaskTrack.MaxOpenFailures)
                {
                    track.OpenFailures.RemoveAt(0);
                }

                track.OpenFailures.Add((failures, sequence));
            }
        }
        else
        {
            foreach (var (series, sequence) in track.OpenFailures)
            {
                if (series.Records.TryGet(sequence, out var failure) && failure.ResolvedAtTicks == 0)
                {
                    // A success stamped before the failure (sent late) resolves it at once, never at a negative time.
                    series.Records.Set(sequence, failure with { ResolvedAtTicks = Math.Max(at, failure.AtTicks) });
                }
            }

            track.OpenFailures.Clear();
        }

        _history.Add(new HistoryEntry(
            e.EntityId, Trimmed(metadata.Text("title"u8)), taskType, agentType, stage, e.Model, success, failureType,
            double.IsNaN(duration) ? null : duration, track.Attempts, e.Timestamp));
    }

    // A unit separator, not ':', so that values holding a colon cannot meet.
    private static string Key(string first, string second) => first + "\u001f" + second;

    private static string? Trimmed(string? text) => text is { Length: > 200 } ? text[..200] : text;

    private PatternSeries<T>? SeriesOf<T>(Dictionary<string, PatternSeries<T>> all, string first, string second)
    {
        var key = Key(first, second);
        if (all.TryGetValue(key, out var series))
        {
            return series;
        }

        if (all.Count >= _options.MaxPatterns)
        {
            UntrackedEvents++;
            return null;
        }

        return all[key] = new PatternSeries<T>(first, second);
    }
}
