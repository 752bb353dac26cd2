namespace Observability.Analytics.Pipeline;

/// <summary>
/// Computes seed 003's agent metrics. A run is one outcome event in scope: <c>task:completed</c> (failed when
/// <c>success</c> is false) or <c>task:failed</c>. Its duration is <c>durationSeconds</c> when given, else its
/// timestamp minus the latest <c>task:started</c> of the same task at or before it, whenever that start arrived.
/// </summary>
internal static class AgentMetricsComputation
{
    private const string Unknown = "unknown";

    public static AgentMetrics Compute(PipelineFacts facts, TimeScope scope)
    {
        var starts = StartIndex.Build(facts, scope.UpperTicks);
        var durations = new List<double>();
        // Indexed by interned value + 1; slot 0 is "unknown" (no value on the event).
        var byType = new Group[facts.TaskTypes.Count + 1];
        var byModel = new Group[facts.Models.Count + 1];
        var byExecutor = new Group[facts.Executors.Count + 1];
        int completed = 0, total = 0;
        foreach (var f in facts.Facts)
        {
            if (!f.IsOutcome || !scope.Contains(f.Ticks))
            {
                continue;
            }

            var ok = f.Kind == FactKind.TaskCompleted;
            total++;
            completed += ok ? 1 : 0;
            var duration = f.HasDuration ? f.Duration : starts.SecondsSinceLatestStart(f.Entity, f.Ticks);
            if (!double.IsNaN(duration))
            {
                durations.Add(duration);
            }

            byType[f.TaskType + 1].Add(ok, duration);
            byModel[f.Model + 1].Add(ok, duration);
            byExecutor[f.Executor + 1].Add(ok, duration);
        }

        var sorted = durations.ToArray();
        Array.Sort(sorted);
        return new AgentMetrics(
            new ExecutionTimeFigures(Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 95)),
            new SuccessCounts(completed, total - completed, total),
            Figures(byType, facts.TaskTypes, g => new TaskTypeFigures(g.SuccessRate)),
            Figures(byModel, facts.Models, g => new ModelRunFigures(g.Count, g.AverageDuration)),
            Figures(byExecutor, facts.Executors, g => new ExecutorFigures(g.Count, g.SuccessRate, g.AverageDuration)));
    }

    private static Dictionary<string, T> Figures<T>(Group[] groups, Interner names, Func<Group, T> figures)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i].Count > 0)
            {
                result[i == 0 ? Unknown : names[i - 1]] = figures(groups[i]);
            }
        }

        return result;
    }

    private struct Group
    {
        public int Count;
        public int Completed;
        public int Timed;
        public double DurationSum;

        public readonly double SuccessRate => (double)Completed / Count;

        public readonly double? AverageDuration => Timed == 0 ? null : DurationSum / Timed;

        public void Add(bool ok, double duration)
        {
            Count++;
            Completed += ok ? 1 : 0;
            if (!double.IsNaN(duration))
            {
                Timed++;
                DurationSum += duration;
            }
        }
    }
}
