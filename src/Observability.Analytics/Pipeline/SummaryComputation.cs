namespace Observability.Analytics.Pipeline;

/// <summary>
/// Computes seed 000's summary from the facts in one pass plus one pass per entity kind. Events after the
/// scope's upper bound do not exist for the query; events before its lower bound are not counted, but a start
/// before the window still pairs with a completion inside it.
/// </summary>
/// <remarks>
/// Cycle time of a task: <c>durationSeconds</c> of its latest successful completion in scope when given, else
/// that completion's timestamp minus the task's earliest <c>task:started</c> (rework is part of the cycle). A
/// completion with no earlier start counts as completed without a cycle time.
/// </remarks>
internal static class SummaryComputation
{
    private const double TicksPerSecond = TimeSpan.TicksPerSecond;

    public static PipelineSummary Compute(PipelineFacts facts, TimeScope scope)
    {
        var (upper, lower) = (scope.UpperTicks, scope.LowerTicks);
        var tasks = new TaskState[facts.Tasks.Count];
        Array.Fill(tasks, TaskState.Empty);
        var chains = new byte[facts.Chains.Count];
        var requests = new RequestState[facts.Requests.Count];
        Array.Fill(requests, RequestState.Empty);
        var tokens = new (long In, long Out)[facts.Models.Count];
        var events = 0;

        foreach (var f in facts.Facts)
        {
            if (f.Ticks > upper)
            {
                continue;
            }

            var inScope = f.Ticks >= lower;
            events += inScope ? 1 : 0;
            if (f.IsTask)
            {
                ref var t = ref tasks[f.Entity];
                if (f.Kind == FactKind.TaskStarted && f.Ticks < t.FirstStart)
                {
                    t.FirstStart = f.Ticks;
                }

                if (f.Chain >= 0)
                {
                    t.Chain = f.Chain;
                }

                if (!inScope)
                {
                    continue;
                }

                t.Seen = true;
                t.Reworked |= f.Kind == FactKind.TaskRework;
                if (f.Model >= 0)
                {
                    tokens[f.Model].In += f.InputTokens;
                    tokens[f.Model].Out += f.OutputTokens;
                    if (f.Ticks >= t.ModelTicks)
                    {
                        (t.Model, t.ModelTicks) = (f.Model, f.Ticks);
                    }
                }

                if (f.Kind == FactKind.TaskCompleted && f.Ticks >= t.LastDone)
                {
                    (t.LastDone, t.LastDoneDuration) = (f.Ticks, f.Duration);
                }
            }
            else if (f.Kind is FactKind.ChainCreated or FactKind.ChainCompleted)
            {
                if (inScope)
                {
                    chains[f.Entity] |= (byte)(f.Kind == FactKind.ChainCompleted ? 3 : 1);
                }
            }
            else
            {
                ref var r = ref requests[f.Entity];
                if (f.Kind == FactKind.RequestCreated && f.Ticks < r.Created)
                {
                    r.Created = f.Ticks;
                }

                r.Seen |= inScope;
                if (inScope && f.Kind == FactKind.RequestClosed && f.Ticks >= r.Closed)
                {
                    (r.Closed, r.ClosedDuration) = (f.Ticks, f.Duration);
                }
            }
        }

        return new PipelineSummary(
            events,
            facts.LastSequence,
            Tasks(tasks, facts.Models.Count, out var perModel),
            Chains(chains, tasks),
            Requests(requests),
            Agents(facts, perModel, tokens));
    }

    private static TaskFigures Tasks(TaskState[] tasks, int models, out ModelAccumulator[] perModel)
    {
        perModel = new ModelAccumulator[models];
        var cycles = new List<double>();
        int total = 0, completed = 0, reworked = 0;
        foreach (ref var t in tasks.AsSpan())
        {
            if (!t.Seen)
            {
                continue;
            }

            total++;
            reworked += t.Reworked ? 1 : 0;
            var cycle = t.CycleSeconds;
            completed += t.Completed ? 1 : 0;
            if (cycle is { } c)
            {
                cycles.Add(c);
            }

            if (t.Model >= 0)
            {
                ref var m = ref perModel[t.Model];
                m.Tasks++;
                m.Reworked += t.Reworked ? 1 : 0;
                m.Completed += t.Completed ? 1 : 0;
                if (cycle is { } mc)
                {
                    m.CycleSum += mc;
                    m.Cycles++;
                }
            }
        }

        var sorted = cycles.ToArray();
        Array.Sort(sorted);
        return new TaskFigures(
            total,
            completed,
            reworked,
            sorted.Length == 0 ? null : sorted.Average(),
            Percentiles.NearestRank(sorted, 50),
            Percentiles.NearestRank(sorted, 90));
    }

    private static ChainFigures Chains(byte[] chains, TaskState[] tasks)
    {
        int total = 0, completed = 0, linked = 0;
        foreach (var c in chains)
        {
            total += c != 0 ? 1 : 0;
            completed += c == 3 ? 1 : 0;
        }

        foreach (ref var t in tasks.AsSpan())
        {
            linked += t.Seen && t.Chain >= 0 && chains[t.Chain] != 0 ? 1 : 0;
        }

        return new ChainFigures(total, completed, total == 0 ? null : (double)linked / total);
    }

    private static RequestFigures Requests(RequestState[] requests)
    {
        int total = 0, closed = 0, timed = 0;
        var sum = 0.0;
        foreach (ref var r in requests.AsSpan())
        {
            if (!r.Seen)
            {
                continue;
            }

            total++;
            if (r.Closed == long.MinValue)
            {
                continue;
            }

            closed++;
            var cycle = !double.IsNaN(r.ClosedDuration) ? r.ClosedDuration
                : r.Created <= r.Closed ? (r.Closed - r.Created) / TicksPerSecond
                : double.NaN;
            if (!double.IsNaN(cycle))
            {
                sum += cycle;
                timed++;
            }
        }

        return new RequestFigures(total, closed, timed == 0 ? null : sum / timed);
    }

    private static Dictionary<string, ModelFigures> Agents(PipelineFacts facts, ModelAccumulator[] perModel, (long In, long Out)[] tokens)
    {
        var agents = new Dictionary<string, ModelFigures>(StringComparer.Ordinal);
        for (var i = 0; i < perModel.Length; i++)
        {
            var m = perModel[i];
            if (m.Tasks == 0 && tokens[i] == default)
            {
                continue;
            }

            agents[facts.Models[i]] = new ModelFigures(
                m.Completed,
                m.Tasks == 0 ? null : (double)m.Reworked / m.Tasks,
                m.Cycles == 0 ? null : m.CycleSum / m.Cycles,
                new TokenTotals(tokens[i].In, tokens[i].Out));
        }

        return agents;
    }

    private struct TaskState
    {
        public static readonly TaskState Empty = new()
        {
            FirstStart = long.MaxValue,
            LastDone = long.MinValue,
            ModelTicks = long.MinValue,
            Model = -1,
            Chain = -1,
        };

        public long FirstStart;
        public long LastDone;
        public double LastDoneDuration;
        public long ModelTicks;
        public int Model;
        public int Chain;
        public bool Seen;
        public bool Reworked;

        public readonly bool Completed => LastDone != long.MinValue;

        public readonly double? CycleSeconds =>
            !Completed ? null
            : !double.IsNaN(LastDoneDuration) ? LastDoneDuration
            : FirstStart <= LastDone ? (LastDone - FirstStart) / TicksPerSecond
            : null;
    }

    private struct RequestState
    {
        public static readonly RequestState Empty = new() { Created = long.MaxValue, Closed = long.MinValue, ClosedDuration = double.NaN };

        public long Created;
        public long Closed;
        public double ClosedDuration;
        public bool Seen;
    }

    private struct ModelAccumulator
    {
        public int Tasks;
        public int Completed;
        public int Reworked;
        public int Cycles;
        public double CycleSum;
    }
}
