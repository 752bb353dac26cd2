using Observability.Review.Findings;
using Observability.Review.State;
using static Observability.Review.Checks.Text;

namespace Observability.Review.Checks;

/// <summary>
/// Usage: token and cost spikes per model and project (today's use against the days before it, by robust score), and
/// today's cost per project against its configured budget.
/// </summary>
internal static class UsageChecks
{
    public static void Run(ReviewContext c, List<FindingCandidate> found)
    {
        var o = c.Options;
        var today = ReviewState.Day(c.Now);
        foreach (var (key, series) in c.State.Usage)
        {
            var split = key.IndexOf('\n', StringComparison.Ordinal);
            var subjectType = key[..split];
            var subject = key[(split + 1)..];
            var lastEvent = c.State.LastUsageEvent.GetValueOrDefault(key);
            Spike(c, found, series, today, ReviewState.Tokens, FindingKinds.TokenSpike, subjectType, subject, lastEvent);
            Spike(c, found, series, today, ReviewState.Cost, FindingKinds.CostSpike, subjectType, subject, lastEvent);
        }

        foreach (var (project, budget) in o.Budgets)
        {
            if (!c.State.Usage.TryGetValue(ReviewState.UsageKey(SubjectTypes.Project, project), out var series))
            {
                continue;
            }

            var spent = series.Get(today, ReviewState.Cost);
            if (spent > budget)
            {
                c.Add(found, FindingKinds.OverBudget, SubjectTypes.Project, project, () => new FindingCandidate(
                        FindingKinds.OverBudget, SubjectTypes.Project, project,
                        $"Project {project} has spent {F(spent, 2)} USD today (UTC), over its budget of {F(budget, 2)} USD a day.",
                        $"Pause or throttle {project}'s agents, or switch them to a cheaper model, until the day ends or the budget is raised.")
                    .Events([c.State.LastUsageEvent.GetValueOrDefault(ReviewState.UsageKey(SubjectTypes.Project, project))])
                    .Figure("costUsd", spent).Figure("budgetUsd", budget));
            }
        }
    }

    // The baseline is the SpikeBaselineDays days before today, a day without use counting 0, from the series' first day on.
    private static void Spike(
        ReviewContext c, List<FindingCandidate> found, Buckets series, long today, int figure, FindingKind kind, string subjectType, string subject, string? lastEvent)
    {
        var o = c.Options;
        var x = series.Get(today, figure);
        if (x <= 0 || series.First is not { } first)
        {
            return;
        }

        var baseline = new List<double>(o.SpikeBaselineDays);
        for (var d = 1; d <= o.SpikeBaselineDays; d++)
        {
            var day = today - (d * TimeSpan.TicksPerDay);
            if (day < first)
            {
                break;
            }

            baseline.Add(series.Get(day, figure));
        }

        if (baseline.Count < o.SpikeMinimumDays || RobustScore.Of(x, baseline) is not { } score || score.Score < o.SpikeScore)
        {
            return;
        }

        var what = figure == ReviewState.Tokens ? "tokens" : "USD";
        c.Add(found, kind, subjectType, subject, () => new FindingCandidate(
                kind, subjectType, subject,
                $"{(subjectType == SubjectTypes.Model ? "Model" : "Project")} {subject} used {N(x)} {what} today (UTC) against a median of {N(score.Median)} a day over the {baseline.Count} days before (robust score {F(score.Score, 2)}).",
                figure == ReviewState.Tokens
                    ? "Look for a runaway loop or an oversized context in today's calls; cap the tokens per call."
                    : "Look for a runaway loop or an unintended switch to a more expensive model in today's calls.")
            .Events([lastEvent]).Figure("today", x).Figure("median", score.Median).Figure("mad", score.Mad).Figure("score", score.Score)
            .Figure("baselineDays", baseline.Count));
    }
}
