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
        var byType = new Dictionary<string, (int Completed, int Total)>(StringComparer.Ordinal);
        var byModel = new Dictionary<string, (int Count, int Timed, double Sum)>(StringComparer.Ordinal);
        var byExecutor = new Dictionary<string, (int Count, int Completed, int Timed, double Sum)>(StringComparer.Ordinal);
        int completed = 0, total = 0;
        foreach (var f in facts.Facts)
        {
            if (!f.IsOutcome || !scope.Contains(f.Ticks))
            {
                continue;
            }

            var ok = f.Kind == FactKind.TaskCompleted ? 1 : 0;
            total++;
            completed += ok;
            var duration = f.HasDuration ? f.Duration : starts.SecondsSinceLatestStart(f.Entity, f.Ticks);
            var timed = double.IsNaN(duration) ? 0 : 1;
            if (timed == 1)
            {
                durations.Add(duration);
            }

            var sum = timed == 1 ? duration : 0;
            var type = f.TaskType >= 0 ? facts.TaskTypes[f.TaskType] : Unknown;
            var t = byType.GetValueOrDefault(type);
            byType[type] = (t.Completed + ok, t.Total + 1);
            var model = f.Model >= 0 ? facts.Models[f.Model] : Unknown;
            var m = byModel.GetValueOrDefault(model);
            byModel[model] = (m.Count + 1, m.Timed + timed, m.Sum + sum);
            var executor = f.Executor >= 0 ? facts.Executors[f.Executor] : Unknown;
            var x = byExecutor.GetValueOrDefault(executor);
            byExecutor[executor] = (x.Count + 1, x.Completed + ok, x.Timed + timed, x.Sum + sum);
        }

        var sorted = durations.ToArray();
        Array.Sort(sorted);
        return new AgentMetrics(
            new ExecutionTimeFigures(Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 95)),
            new SuccessCounts(completed, total - completed, total),
            byType.ToDictionary(p => p.Key, p => new TaskTypeFigures((double)p.Value.Completed / p.Value.Total), StringComparer.Ordinal),
            byModel.ToDictionary(p => p.Key, p => new ModelRunFigures(p.Value.Count, Mean(p.Value.Sum, p.Value.Timed)), StringComparer.Ordinal),
            byExecutor.ToDictionary(
                p => p.Key,
                p => new ExecutorFigures(p.Value.Count, (double)p.Value.Completed / p.Value.Count, Mean(p.Value.Sum, p.Value.Timed)),
                StringComparer.Ordinal));
    }

    private static double? Mean(double sum, int count) => count == 0 ? null : sum / count;
}
