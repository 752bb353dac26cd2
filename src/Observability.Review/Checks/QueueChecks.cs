using System.Text;
using Observability.Review.Findings;
using static Observability.Review.Checks.Text;

namespace Observability.Review.Checks;

/// <summary>The queue: stale, stuck, duplicate and ageing tasks, from the open tasks of <see cref="State.ReviewState"/>.</summary>
internal static class QueueChecks
{
    public static void Run(ReviewContext c, List<FindingCandidate> found)
    {
        var o = c.Options;
        var titles = new Dictionary<string, List<State.OpenTask>>(StringComparer.Ordinal);
        var cycles = new Dictionary<string, (int Samples, double P95)?>(StringComparer.Ordinal);
        foreach (var t in c.State.OpenTasks.Values)
        {
            if (t.StartedAt is null && t.QueuedAt is { } queued && (c.Now - queued).TotalHours >= o.StaleAfterHours)
            {
                var hours = (c.Now - queued).TotalHours;
                c.Add(found, FindingKinds.StaleTask, SubjectTypes.Task, t.Id, () => new FindingCandidate(
                        FindingKinds.StaleTask, SubjectTypes.Task, t.Id,
                        $"Task {t.Id} has waited {F(hours)} h without being started (stale after {N(o.StaleAfterHours)} h).",
                        "Start it or assign an agent; close it if it is no longer needed.")
                    .Events([t.QueuedEventId]).Figure("waitingHours", hours).Figure("thresholdHours", o.StaleAfterHours));
            }

            if (t.StartedAt is { } started && t.TaskType is { } type)
            {
                if (!cycles.TryGetValue(type, out var cycle))
                {
                    cycles[type] = cycle = c.State.CycleTime(type);
                }

                var running = (c.Now - started).TotalSeconds;
                if (cycle is { } ct && ct.Samples >= o.StuckMinimumSamples && running > o.StuckCycleMultiplier * ct.P95)
                {
                    var limit = o.StuckCycleMultiplier * ct.P95;
                    c.Add(found, FindingKinds.StuckTask, SubjectTypes.Task, t.Id, () => new FindingCandidate(
                            FindingKinds.StuckTask, SubjectTypes.Task, t.Id,
                            $"Task {t.Id} ({type}) has run {F(running / 3600, 2)} h, over {N(o.StuckCycleMultiplier)} × the p95 cycle time of {type} ({F(ct.P95 / 3600, 2)} h).",
                            "Check the agent running it; stop and restart it, or split the task.")
                        .Events([t.StartedEventId]).Figure("runningSeconds", running).Figure("p95CycleSeconds", ct.P95)
                        .Figure("multiplier", o.StuckCycleMultiplier).Figure("limitSeconds", limit).Figure("samples", ct.Samples));
                }
            }

            if (t.Priority is { } priority && t.CreatedAt is { } created && o.AgingHours.TryGetValue(priority, out var expected)
                && (c.Now - created).TotalHours >= expected)
            {
                var age = (c.Now - created).TotalHours;
                c.Add(found, FindingKinds.AgingTask, SubjectTypes.Task, t.Id, () => new FindingCandidate(
                        FindingKinds.AgingTask, SubjectTypes.Task, t.Id,
                        $"Task {t.Id} ({priority} priority) is {F(age)} h old, beyond the {N(expected)} h expected of its priority.",
                        "Raise it in the order, or lower its priority if it can wait.")
                    .Events([t.CreatedEventId]).Figure("ageHours", age).Figure("expectedHours", expected));
            }

            if (t.Title is { } title && Normalise(title) is { Length: > 0 } normal)
            {
                if (!titles.TryGetValue(normal, out var same))
                {
                    titles[normal] = same = [];
                }

                same.Add(t);
            }
        }

        foreach (var (normal, same) in titles)
        {
            if (same.Count < 2)
            {
                continue;
            }

            same.Sort((a, b) => a.Order.CompareTo(b.Order));
            var first = same[0];
            for (var i = 1; i < same.Count; i++)
            {
                var t = same[i];
                c.Add(found, FindingKinds.DuplicateTask, SubjectTypes.Task, t.Id, () => new FindingCandidate(
                        FindingKinds.DuplicateTask, SubjectTypes.Task, t.Id,
                        $"Task {t.Id} looks like a duplicate of {first.Id}: the same title \"{normal}\" ({same.Count} open tasks have it).",
                        $"Merge it into {first.Id} or close it.")
                    .Events([first.CreatedEventId, t.CreatedEventId]).Figure("openWithSameTitle", same.Count));
            }
        }
    }

    /// <summary>A title as duplicates compare it: lower case, every run of non-letters and non-digits one space, trimmed.</summary>
    public static string Normalise(string title)
    {
        var sb = new StringBuilder(title.Length);
        var space = false;
        foreach (var ch in title)
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(ch));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }
}
