using Observability.Review.Checks;
using Observability.Review.State;
using static Observability.Review.Checks.Text;

namespace Observability.Review;

/// <summary>One task in the suggested order.</summary>
/// <param name="Rank">Its place in the suggested order, from 1.</param>
/// <param name="QueueRank">Its place in the queue as it stands (the order tasks arrived in), from 1.</param>
/// <param name="Move">Places moved up (negative: down).</param>
/// <param name="Task">The task id.</param>
/// <param name="Title">Its title, when its task:created gave one.</param>
/// <param name="Priority">Its priority, when given.</param>
/// <param name="Chain">Its chain, when given.</param>
/// <param name="Goal">The goal it serves, when a goal lists it open.</param>
/// <param name="GoalStatus">That goal's status now.</param>
/// <param name="AgeHours">Hours since it was created, when known.</param>
/// <param name="Reasons">Why it is where it is, most important first.</param>
internal sealed record PriorityEntry(
    int Rank, int QueueRank, int Move, string Task, string? Title, string? Priority, string? Chain, string? Goal, string? GoalStatus, double? AgeHours,
    IReadOnlyList<string> Reasons);

/// <summary>
/// The suggested order of open, unstarted work: tasks of goals in trouble first (overdue, then stalled, then at risk),
/// then by priority (critical, high, medium, low, none), then oldest first; and never before an earlier open task of its
/// own chain (chain order is the dependency order). Each entry says why it moved.
/// </summary>
internal static class Priorities
{
    /// <summary>Priority names, most urgent first; any other (or none) comes after them.</summary>
    public static readonly IReadOnlyList<string> Order = ["critical", "high", "medium", "low"];

    private static readonly Dictionary<string, int> GoalUrgency = new(StringComparer.Ordinal)
    {
        ["overdue"] = 3, ["stalled"] = 2, ["at_risk"] = 1,
    };

    public static List<PriorityEntry> Compute(ReviewState state, IReadOnlyList<GoalInput> goals, DateTimeOffset now, int limit)
    {
        var goalOf = new Dictionary<string, GoalInput>(StringComparer.Ordinal);
        foreach (var goal in goals.OrderByDescending(g => GoalUrgency.GetValueOrDefault(g.Status)))
        {
            foreach (var unit in goal.OpenUnits)
            {
                goalOf.TryAdd(unit, goal);
            }
        }

        var queue = state.OpenTasks.Values.Where(t => t.StartedAt is null).OrderBy(t => t.Order).ToList();
        var queueRank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < queue.Count; i++)
        {
            queueRank[queue[i].Id] = i + 1;
        }

        var sorted = queue
            .OrderByDescending(t => goalOf.TryGetValue(t.Id, out var g) ? GoalUrgency.GetValueOrDefault(g.Status) : 0)
            .ThenBy(t => PriorityRank(t.Priority))
            .ThenBy(t => t.CreatedAt ?? t.QueuedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.Order)
            .ToList();

        // Chain order: the places a chain's tasks got are given to them in the chain's own order.
        var follows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chain in sorted.Where(t => t.Chain is not null).GroupBy(t => t.Chain!, StringComparer.Ordinal))
        {
            var places = sorted.Select((t, i) => (t, i)).Where(x => x.t.Chain == chain.Key).Select(x => x.i).ToList();
            var inChainOrder = chain.OrderBy(t => t.Order).ToList();
            for (var k = 0; k < places.Count; k++)
            {
                sorted[places[k]] = inChainOrder[k];
                if (k > 0)
                {
                    follows[inChainOrder[k].Id] = inChainOrder[k - 1].Id;
                }
            }
        }

        var entries = new List<PriorityEntry>(Math.Min(limit, sorted.Count));
        for (var i = 0; i < sorted.Count && i < limit; i++)
        {
            var t = sorted[i];
            var reasons = new List<string>();
            goalOf.TryGetValue(t.Id, out var goal);
            if (goal is not null && GoalUrgency.ContainsKey(goal.Status))
            {
                reasons.Add($"serves goal {goal.Name}, which is {goal.Status.Replace('_', ' ')}");
            }

            if (t.Priority is not null)
            {
                reasons.Add($"priority {t.Priority}");
            }

            double? age = t.CreatedAt is { } created ? (now - created).TotalHours : null;
            if (age is { } hours)
            {
                reasons.Add($"waiting {F(hours)} h");
            }

            if (follows.TryGetValue(t.Id, out var before))
            {
                reasons.Add($"after {before}, earlier in chain {t.Chain}");
            }

            var rank = i + 1;
            entries.Add(new PriorityEntry(rank, queueRank[t.Id], queueRank[t.Id] - rank, t.Id, t.Title, t.Priority, t.Chain, goal?.Name, goal?.Status, age, reasons));
        }

        return entries;
    }

    private static int PriorityRank(string? priority)
    {
        var rank = priority is null ? -1 : Order.ToList().IndexOf(priority);
        return rank < 0 ? Order.Count : rank;
    }
}
