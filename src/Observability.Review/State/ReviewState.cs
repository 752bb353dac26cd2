using Observability.Events;
using Observability.Projections;

namespace Observability.Review.State;

/// <summary>
/// What the review's checks read, folded incrementally from the log so a review run never rescans it: the open tasks,
/// cycle times per task type, running pipeline stages, failures by task and stage, stage runs per hour, token and cost
/// use per model and project per day, coverage around merges, test runs per suite, approvals later contradicted, and
/// work-statement runs that changed files outside their allowed paths.
/// </summary>
/// <remarks>
/// Bounded: per-hour and per-day sums older than the longest baseline are dropped as the log's time moves on (every
/// <see cref="PruneEvery"/> events, by the latest event time seen, since a projection has no clock), and lists of
/// occurrences keep their last few. Open tasks and running stages stay until their end event: they are the queue.
/// </remarks>
internal sealed partial class ReviewState(ReviewOptions options) : IProjection
{
    /// <summary>Events between two prunings of old sums and lists.</summary>
    public const int PruneEvery = 4096;

    private static readonly TimeSpan ApprovalMemory = TimeSpan.FromDays(90);

    private readonly ReviewOptions _options = options;
    private long _sinceprune;

    public string Name => "review-state";

    public int Version => 1;

    public string Settings => _options.StateFingerprint();

    /// <summary>The latest event time seen: the horizon old state is dropped against.</summary>
    public DateTimeOffset? LatestSeen { get; private set; }

    public void Apply(in StoredEvent e)
    {
        if (LatestSeen is null || e.Timestamp > LatestSeen)
        {
            LatestSeen = e.Timestamp;
        }

        switch (e.EventType)
        {
            case "task:created":
            case "task:started":
            case "task:completed":
            case "task:failed":
            case "task:rework":
                ApplyTask(e);
                break;
            case "pipeline:started":
            case "pipeline:completed":
                ApplyPipeline(e);
                break;
            case "llm:call":
                ApplyUsage(e);
                break;
            case "coverage:reported":
            case "workitem:merged":
            case "test:run":
            case "workitem:reviewed":
            case "defect:detected":
            case "ws:execution":
                ApplyQuality(e);
                break;
            default:
                break;
        }

        if (++_sinceprune >= PruneEvery)
        {
            _sinceprune = 0;
            Prune();
        }
    }

    private void Prune()
    {
        if (LatestSeen is not { } latest)
        {
            return;
        }

        var window = TimeSpan.FromHours(_options.FailureWindowHours);
        var hourHorizon = Hour(latest - window - TimeSpan.FromDays(_options.FailureRateBaselineDays + 1));
        foreach (var stage in _stageRuns.Values)
        {
            stage.DropBefore(hourHorizon);
        }

        var dayHorizon = Day(latest) - TimeSpan.FromDays(_options.SpikeBaselineDays + 2).Ticks;
        foreach (var series in _usage.Values)
        {
            series.DropBefore(dayHorizon);
        }

        _usage.RemoveWhere(s => s.Count == 0);
        foreach (var key in _lastUsageEvent.Keys.Where(k => !_usage.ContainsKey(k)).ToList())
        {
            _lastUsageEvent.Remove(key);
        }
        _taskFailures.RemoveWhere(f => f.Last < latest - window);
        var evidence = latest - TimeSpan.FromDays(_options.EvidenceDays);
        _inconsistent.RemoveWhere(i => i.LaterAt < evidence);
        _outOfScope.RemoveWhere(o => o.At < evidence);
        _approvals.RemoveWhere(a => a.At < latest - ApprovalMemory);
    }

    internal static long Hour(DateTimeOffset at) => at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour);

    internal static long Day(DateTimeOffset at) => at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerDay);
}

/// <summary>Removal by a condition on a dictionary's values.</summary>
internal static class DictionaryPruning
{
    public static void RemoveWhere<TValue>(this Dictionary<string, TValue> dictionary, Func<TValue, bool> condition)
    {
        foreach (var (key, value) in dictionary)
        {
            if (condition(value))
            {
                dictionary.Remove(key);
            }
        }
    }
}
