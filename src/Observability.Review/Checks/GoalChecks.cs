using Observability.Review.Findings;
using static Observability.Review.Checks.Text;

namespace Observability.Review.Checks;

/// <summary>Goals: a goal the goals projection calls stalled, so a proposal can unblock it.</summary>
internal static class GoalChecks
{
    public const string Stalled = "stalled";

    public static void Run(ReviewContext c, List<FindingCandidate> found)
    {
        foreach (var goal in c.Goals.Where(g => g.Status == Stalled))
        {
            c.Add(found, FindingKinds.GoalStalled, SubjectTypes.Goal, goal.Name, () => Candidate(c, goal));
        }
    }

    private static FindingCandidate Candidate(ReviewContext c, GoalInput goal)
    {
        var since = goal.LastProgressAt is { } last ? $"since {FindingEvents.Iso(last)}" : "ever";
        var candidate = new FindingCandidate(
                FindingKinds.GoalStalled, SubjectTypes.Goal, goal.Name,
                $"Goal {goal.Name} is stalled: no unit done {since}, {goal.OpenCount} open.",
                $"Unblock {goal.Name}: find what its open units wait on, or split them into smaller tasks.")
            .Figure("openUnits", goal.OpenCount);
        if (goal.LastProgressAt is { } at)
        {
            candidate.Figure("hoursSinceProgress", (c.Now - at).TotalHours);
        }

        return candidate;
    }
}
