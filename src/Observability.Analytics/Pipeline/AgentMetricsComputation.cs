using Observability.Analytics.Runs;

namespace Observability.Analytics.Pipeline;

/// <summary>
/// Computes the pipeline-observability contract's agent metrics. A run is one outcome event in scope: <c>task:completed</c> (failed when
/// <c>success</c> is false) or <c>task:failed</c>. Its duration is <c>durationSeconds</c> when given, else its
/// timestamp minus the latest <c>task:started</c> of the same task at or before it, whenever that start arrived. It
/// is placed by its task's type, model and executor (<see cref="TaskAttributes"/>), whichever events carried them.
/// </summary>
internal static class AgentMetricsComputation
{
    private const string Unknown = "unknown";

    public static AgentMetrics Compute(PipelineFacts facts, TimeScope scope, PriceTable prices, int maxKeys = int.MaxValue)
    {
        var starts = StartIndex.Build(facts, scope.UpperTicks);
        var attributes = TaskAttributes.Build(facts, scope.UpperTicks);
        var durations = new List<double>();
        // Indexed by interned value + 1; slot 0 is "unknown" (no value on any of the task's events).
        var byType = new Group[facts.TaskTypes.Count + 1];
        var byModel = new Group[facts.Models.Count + 1];
        var byExecutor = new Group[facts.Executors.Count + 1];
        var usage = new Usage[facts.Models.Count + 1];
        var total = new Usage();
        var counted = new bool[facts.Tasks.Count];
        int completed = 0, runs = 0;
        var i = -1;
        foreach (var f in facts.Facts)
        {
            i++;
            if (!f.IsTask || !scope.Contains(f.Ticks))
            {
                continue;
            }

            var taskModel = attributes.Model(f.Entity);
            if (!counted[f.Entity])
            {
                counted[f.Entity] = true;
                usage[taskModel + 1].Tasks++;
                total.Tasks++;
            }

            // Tokens were spent on the model the event names; only an event naming none falls back to its task's.
            var model = f.Model >= 0 ? f.Model : taskModel;
            var cost = facts.ReportedCost(i)
                ?? (f.InputTokens + (long)f.OutputTokens == 0 ? 0 : prices.Estimate(model >= 0 ? facts.Models[model] : null, f.InputTokens, f.OutputTokens));
            usage[model + 1].Add(f.InputTokens, f.OutputTokens, cost);
            total.Add(f.InputTokens, f.OutputTokens, cost);

            if (!f.IsOutcome)
            {
                continue;
            }

            var ok = f.Kind == FactKind.TaskCompleted;
            runs++;
            completed += ok ? 1 : 0;
            var duration = f.HasDuration ? f.Duration : starts.SecondsSinceLatestStart(f.Entity, f.Ticks);
            if (!double.IsNaN(duration))
            {
                durations.Add(duration);
            }

            byType[attributes.TaskType(f.Entity) + 1].Add(ok, duration);
            byModel[taskModel + 1].Add(ok, duration);
            byExecutor[attributes.Executor(f.Entity) + 1].Add(ok, duration);
        }

        var sorted = durations.ToArray();
        Array.Sort(sorted);
        Dictionary<string, KeyOverflow>? overflow = null, usageOverflow = null;
        var types = Figures(byType, facts.TaskTypes, g => g.Count > 0, g => g.Count, Group.Merge, g => new TaskTypeFigures(g.SuccessRate), maxKeys, out var typesFolded);
        var models = Figures(byModel, facts.Models, g => g.Count > 0, g => g.Count, Group.Merge, g => new ModelRunFigures(g.Count, g.SuccessRate, g.AverageDuration), maxKeys, out var modelsFolded);
        var executors = Figures(byExecutor, facts.Executors, g => g.Count > 0, g => g.Count, Group.Merge, g => new ExecutorFigures(g.Count, g.SuccessRate, g.AverageDuration), maxKeys, out var executorsFolded);
        var usageByModel = Figures(usage, facts.Models, u => u.Tasks > 0 || u.Tokens > 0 || u.Cost > 0, u => u.Events, Usage.Merge, u => u.Figures, maxKeys, out var usageFolded);
        KeyCap.Note(ref overflow, "by_task_type", typesFolded);
        KeyCap.Note(ref overflow, "by_model", modelsFolded);
        KeyCap.Note(ref overflow, "by_executor", executorsFolded);
        KeyCap.Note(ref usageOverflow, "by_model", usageFolded);
        return new AgentMetrics(
            new ExecutionTimeFigures(Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 95)),
            new SuccessCounts(completed, runs - completed, runs),
            types,
            models,
            executors,
            new UsageSummary(total.Figures, usageByModel, usageOverflow),
            overflow);
    }

    // Groups are listed by interned index (slot 0, "unknown", first); past the cap the smallest by runs (usage: by
    // events) fold into one exact sum.
    private static Dictionary<string, TOut> Figures<TIn, TOut>(
        TIn[] groups, Interner names, Func<TIn, bool> present, Func<TIn, long> weight, Func<TIn, TIn, TIn> merge, Func<TIn, TOut> figures,
        int maxKeys, out KeyOverflow? overflow)
    {
        var entries = new List<KeyValuePair<string, TIn>>();
        for (var i = 0; i < groups.Length; i++)
        {
            if (present(groups[i]))
            {
                entries.Add(new(i == 0 ? Unknown : names[i - 1], groups[i]));
            }
        }

        return KeyCap.Fold(entries, maxKeys, weight, merge, figures, out overflow);
    }

    private struct Group
    {
        public int Count;
        public int Completed;
        public int Timed;
        public double DurationSum;

        public readonly double SuccessRate => (double)Completed / Count;

        public readonly double? AverageDuration => Timed == 0 ? null : DurationSum / Timed;

        public static Group Merge(Group a, Group b) => new()
        {
            Count = a.Count + b.Count,
            Completed = a.Completed + b.Completed,
            Timed = a.Timed + b.Timed,
            DurationSum = a.DurationSum + b.DurationSum,
        };

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

    private struct Usage
    {
        public int Tasks;
        public long Input;
        public long Output;
        public double Cost;
        public long UnpricedInput;
        public long UnpricedOutput;
        public int Events;

        public readonly long Tokens => Input + Output;

        public readonly UsageFigures Figures => new(Tasks, Input, Output, Cost, UnpricedInput, UnpricedOutput);

        public static Usage Merge(Usage a, Usage b) => new()
        {
            Tasks = a.Tasks + b.Tasks,
            Input = a.Input + b.Input,
            Output = a.Output + b.Output,
            Cost = a.Cost + b.Cost,
            UnpricedInput = a.UnpricedInput + b.UnpricedInput,
            UnpricedOutput = a.UnpricedOutput + b.UnpricedOutput,
            Events = a.Events + b.Events,
        };

        /// <summary>Adds one event's usage; <paramref name="cost"/> NaN means its tokens are unpriced.</summary>
        public void Add(long input, long output, double cost)
        {
            Events++;
            Input += input;
            Output += output;
            if (double.IsNaN(cost))
            {
                UnpricedInput += input;
                UnpricedOutput += output;
            }
            else
            {
                Cost += cost;
            }
        }
    }
}
