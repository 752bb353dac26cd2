using System.Globalization;

namespace Observability.Analytics.Runs;

public sealed partial class RunRecordView
{
    /// <summary>The WS-METRICS contract's scoreboard over the runs started in <paramref name="scope"/>.</summary>
    public Scoreboard Scoreboard(string window, TimeScope scope)
    {
        int runs = 0, completed = 0, firstPass = 0;
        double cost = 0;
        long unpricedIn = 0, unpricedOut = 0;
        var durations = new List<double>();
        foreach (var run in _runOrder)
        {
            if (!run.Exists || !scope.Contains(run.StartedTicks))
            {
                continue;
            }

            runs++;
            if (run.Status == "COMPLETED")
            {
                completed++;
                firstPass += run.ReworkCycles == 0 ? 1 : 0;
            }

            if (run.DurationSeconds is { } d)
            {
                durations.Add(d);
            }

            var usage = Usage(run);
            cost += usage.CostUsd;
            unpricedIn += usage.UnpricedInputTokens;
            unpricedOut += usage.UnpricedOutputTokens;
        }

        var sorted = durations.ToArray();
        Array.Sort(sorted);
        return new Scoreboard(
            window,
            scope.From,
            scope.To,
            runs,
            completed,
            Ratio(completed, runs),
            sorted.Length == 0 ? null : sorted.Average(),
            Percentiles.NearestRank(sorted, 95),
            Ratio(firstPass, completed),
            cost,
            completed == 0 ? null : cost / completed,
            new TokenTotals(unpricedIn, unpricedOut),
            AutonomousFixes(scope));
    }

    /// <summary>The WS-METRICS contract's dashboard over the runs started in <paramref name="scope"/>.</summary>
    public Dashboard Dashboard(string window, TimeScope scope)
    {
        int runs = 0, completed = 0, finished = 0;
        long rework = 0, tests = 0, unpricedIn = 0, unpricedOut = 0;
        double cost = 0, completedDuration = 0;
        var timedCompleted = 0;
        var days = new SortedDictionary<DateOnly, (int Runs, int Completed, double Cost)>();
        foreach (var run in _runOrder)
        {
            if (!run.Exists || !scope.Contains(run.StartedTicks))
            {
                continue;
            }

            var record = Record(run);
            var isCompleted = run.Status == "COMPLETED";
            runs++;
            completed += isCompleted ? 1 : 0;
            if (isCompleted && run.DurationSeconds is { } d)
            {
                completedDuration += d;
                timedCompleted++;
            }

            if (run.IsFinished)
            {
                finished++;
                rework += run.ReworkCycles;
            }

            tests += record.Tests.Written ?? 0;
            cost += record.Llm.CostUsd;
            unpricedIn += record.Llm.UnpricedInputTokens;
            unpricedOut += record.Llm.UnpricedOutputTokens;
            var day = DateOnly.FromDateTime(record.StartedAt.UtcDateTime);
            var today = days.GetValueOrDefault(day);
            days[day] = (today.Runs + 1, today.Completed + (isCompleted ? 1 : 0), today.Cost + record.Llm.CostUsd);
        }

        return new Dashboard(
            window,
            scope.From,
            scope.To,
            runs,
            completed,
            timedCompleted == 0 ? null : completedDuration / timedCompleted,
            tests,
            AutonomousFixes(scope),
            cost,
            new TokenTotals(unpricedIn, unpricedOut),
            finished == 0 ? null : (double)rework / finished,
            [.. days.Select(p => new DayCost(p.Key, p.Value.Runs, p.Value.Completed, p.Value.Cost, p.Value.Completed == 0 ? null : p.Value.Cost / p.Value.Completed))]);
    }

    /// <summary>LLM cost by model, work statement and date (see <see cref="Runs.CostSummary"/> for what counts).</summary>
    public CostSummary CostSummary(TimeScope scope)
    {
        var total = new CostAccumulator();
        var byModel = new SortedDictionary<string, CostAccumulator>(StringComparer.Ordinal);
        var byWs = new SortedDictionary<string, CostAccumulator>(StringComparer.Ordinal);
        var byDate = new SortedDictionary<string, CostAccumulator>(StringComparer.Ordinal);
        var byPhase = new SortedDictionary<string, CostAccumulator>(StringComparer.Ordinal);
        var byWsPhase = new SortedDictionary<string, SortedDictionary<string, CostAccumulator>>(StringComparer.Ordinal);

        void Add(long ticks, string model, string ws, string phase, int calls, long input, long output, double cost, bool reported)
        {
            var date = new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!byWsPhase.TryGetValue(ws, out var wsPhases))
            {
                wsPhases = new SortedDictionary<string, CostAccumulator>(StringComparer.Ordinal);
                byWsPhase.Add(ws, wsPhases);
            }

            foreach (var accumulator in (ReadOnlySpan<CostAccumulator>)
                [total, Bucket(byModel, model), Bucket(byWs, ws), Bucket(byDate, date), Bucket(byPhase, phase), Bucket(wsPhases, phase)])
            {
                accumulator.Add(calls, input, output, cost, reported);
            }
        }

        foreach (var call in _calls)
        {
            if (scope.Contains(call.Ticks))
            {
                var ws = call.Run is null ? "none" : call.Run.WsId ?? "unknown";
                var phase = call.Phase >= 0 ? _phases[call.Phase] : CostPhases.Unknown;
                Add(call.Ticks, call.Model >= 0 ? _models[call.Model] : "unknown", ws, phase, 1, call.InputTokens, call.OutputTokens, call.Cost, call.Reported);
            }
        }

        foreach (var run in _runOrder)
        {
            if (run.Exists && run.Calls == 0 && scope.Contains(run.StartedTicks) && Usage(run) is { Source: "reported" } usage)
            {
                Add(run.StartedTicks, run.Model ?? "unknown", run.WsId ?? "unknown", CostPhases.Unknown, usage.Calls, usage.InputTokens, usage.OutputTokens,
                    ReportedLineCost(usage), run.ReportedCost is not null);
            }
        }

        Dictionary<string, KeyOverflow>? overflow = null;
        var models = Buckets(byModel, _maxKeys, out var modelsFolded);
        var wss = Buckets(byWs, _maxKeys, out var wsFolded);
        var dates = Buckets(byDate, _maxKeys, out var datesFolded);
        var phases = Buckets(byPhase, _maxKeys, out var phasesFolded);
        KeyCap.Note(ref overflow, "by_model", modelsFolded);
        KeyCap.Note(ref overflow, "by_ws", wsFolded);
        KeyCap.Note(ref overflow, "by_date", datesFolded);
        KeyCap.Note(ref overflow, "by_phase", phasesFolded);
        return new CostSummary(
            scope.From,
            scope.To,
            total.ToBucket(),
            models,
            wss,
            dates,
            phases,
            WsPhases(byWsPhase, byWs, byPhase),
            overflow);
    }

    // Past the cap the keys with the fewest calls fold into one exact sum; keys stay in ordinal order.
    private static Dictionary<string, CostBucket> Buckets(SortedDictionary<string, CostAccumulator> accumulators, int maxKeys, out KeyOverflow? overflow) =>
        KeyCap.Fold([.. accumulators], maxKeys, a => a.Calls, CostAccumulator.Merge, a => a.ToBucket(), out overflow);

    // The work statements by_ws keeps, each with the phases by_phase keeps; the rest of each folds into __overflow__, so
    // this breakdown is at most (MaxKeys + 1)² cells and agrees with the two it crosses.
    private Dictionary<string, IReadOnlyDictionary<string, CostBucket>> WsPhases(
        SortedDictionary<string, SortedDictionary<string, CostAccumulator>> byWsPhase,
        SortedDictionary<string, CostAccumulator> byWs,
        SortedDictionary<string, CostAccumulator> byPhase)
    {
        var keptWs = Kept(byWs);
        var keptPhases = Kept(byPhase);
        IReadOnlyDictionary<string, CostBucket> Phases(SortedDictionary<string, CostAccumulator> phases) =>
            Fold(phases, keptPhases);
        var result = new Dictionary<string, IReadOnlyDictionary<string, CostBucket>>(StringComparer.Ordinal);
        SortedDictionary<string, CostAccumulator>? folded = null;
        foreach (var (ws, phases) in byWsPhase)
        {
            if (keptWs.Contains(ws))
            {
                result[Metrics.ReservedLabelValue.Escape(ws)] = Phases(phases);
                continue;
            }

            folded ??= new SortedDictionary<string, CostAccumulator>(StringComparer.Ordinal);
            foreach (var (phase, accumulator) in phases)
            {
                folded[phase] = folded.TryGetValue(phase, out var sum) ? CostAccumulator.Merge(sum, accumulator) : accumulator;
            }
        }

        if (folded is not null)
        {
            result[KeyCap.OverflowKey] = Phases(folded);
        }

        return result;
    }

    private HashSet<string> Kept(SortedDictionary<string, CostAccumulator> accumulators)
    {
        KeyValuePair<string, CostAccumulator>[] entries = [.. accumulators];
        var kept = KeyCap.Kept(entries, _maxKeys, a => a.Calls);
        return [.. entries.Where((_, i) => kept[i]).Select(e => e.Key)];
    }

    private static Dictionary<string, CostBucket> Fold(SortedDictionary<string, CostAccumulator> phases, HashSet<string> kept)
    {
        var result = new Dictionary<string, CostBucket>(StringComparer.Ordinal);
        CostAccumulator? folded = null;
        foreach (var (phase, accumulator) in phases)
        {
            if (kept.Contains(phase))
            {
                result[Metrics.ReservedLabelValue.Escape(phase)] = accumulator.ToBucket();
            }
            else
            {
                folded = folded is null ? accumulator : CostAccumulator.Merge(folded, accumulator);
            }
        }

        if (folded is not null)
        {
            result[KeyCap.OverflowKey] = folded.ToBucket();
        }

        return result;
    }

    private int AutonomousFixes(TimeScope scope) => _bugFixes.Count(f => f.Autonomous && scope.Contains(f.Ticks));

    private static CostAccumulator Bucket(SortedDictionary<string, CostAccumulator> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            bucket = new CostAccumulator();
            buckets.Add(key, bucket);
        }

        return bucket;
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
