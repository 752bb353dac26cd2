namespace Observability.Analytics.Pipeline;

internal static partial class SummaryComputation
{
    private static TaskFigures Tasks(TaskState[] tasks, TaskAttributes attributes, int models, out ModelAccumulator[] perModel)
    {
        perModel = new ModelAccumulator[models];
        var cycles = new List<double>();
        int total = 0, completed = 0, reworked = 0;
        for (var i = 0; i < tasks.Length; i++)
        {
            ref var t = ref tasks[i];
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

            if (attributes.Model(i) is var model and >= 0)
            {
                ref var m = ref perModel[model];
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

    // Models are listed by interned index; past the cap the ones with the fewest task events in scope fold into one exact sum.
    private static Dictionary<string, ModelFigures> Agents(
        PipelineFacts facts, ModelAccumulator[] perModel, (long In, long Out)[] tokens, int[] events, int maxKeys, out KeyOverflow? overflow)
    {
        var entries = new List<KeyValuePair<string, (ModelAccumulator Model, long In, long Out, int Events)>>();
        for (var i = 0; i < perModel.Length; i++)
        {
            var m = perModel[i];
            if (m.Tasks == 0 && tokens[i] == default)
            {
                continue;
            }

            entries.Add(new(facts.Models[i], (m, tokens[i].In, tokens[i].Out, events[i])));
        }

        return KeyCap.Fold(
            entries,
            maxKeys,
            e => e.Events,
            (a, b) => (ModelAccumulator.Merge(a.Model, b.Model), a.In + b.In, a.Out + b.Out, a.Events + b.Events),
            e => new ModelFigures(
                e.Model.Completed,
                e.Model.Tasks == 0 ? null : (double)e.Model.Reworked / e.Model.Tasks,
                e.Model.Cycles == 0 ? null : e.Model.CycleSum / e.Model.Cycles,
                new TokenTotals(e.In, e.Out)),
            out overflow);
    }
}
