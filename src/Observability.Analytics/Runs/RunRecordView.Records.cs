namespace Observability.Analytics.Runs;

public sealed partial class RunRecordView
{
    /// <summary>Runs known to the view (with at least one <c>ws:execution</c> event).</summary>
    public int RunCount => _runOrder.Count(r => r.Exists);

    /// <summary>Whether a run with this id was started or updated (has a <c>ws:execution</c> event).</summary>
    public bool Exists(string id) => _runs.TryGetValue(id, out var run) && run.Exists;

    /// <summary>The run, or null when it has no <c>ws:execution</c> event.</summary>
    public RunRecord? Find(string id) => _runs.TryGetValue(id, out var run) && run.Exists ? Record(run) : null;

    /// <summary>The runs matching <paramref name="filter"/>, newest start first (ties by id), at most its limit.</summary>
    /// <returns>The page and how many matched in all.</returns>
    public (IReadOnlyList<RunRecord> Runs, int Matched) List(RunFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scope = new TimeScope(filter.From, filter.To);
        var matched = _runOrder
            .Where(r => r.Exists
                && (filter.WpId is null || r.WpId == filter.WpId)
                && (filter.Status is null || r.Status == filter.Status)
                && scope.Contains(r.StartedTicks))
            .ToList();
        return (
            [.. matched.OrderByDescending(r => r.StartedTicks).ThenBy(r => r.Id, StringComparer.Ordinal).Take(filter.Limit).Select(Record)],
            matched.Count);
    }

    private RunRecord Record(RunState run) => new(
        run.Id,
        run.WsId,
        run.WpId,
        run.ScopeId,
        run.Executor,
        run.Model,
        run.Status,
        At(run.StartedTicks),
        run.CompletedTicks is { } done ? At(done) : null,
        run.DurationSeconds,
        run.ReworkCycles,
        new TestFigures(
            (long?)run.TestsWritten ?? (run.Phases.Any(p => p.TestsWritten is not null) ? run.Phases.Sum(p => (long)(p.TestsWritten ?? 0)) : null),
            run.TestsPassing,
            run.TestsFailing,
            run.TestsSkipped),
        run.FileMetrics,
        Usage(run),
        UsageByPhase(run),
        [.. run.Phases],
        [.. run.BugFixes],
        At(run.LastTicks));

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
