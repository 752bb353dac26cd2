using System.Globalization;
using Observability.Learning.Patterns;

namespace Observability.Learning.Playbook;

/// <summary>
/// The rules a run derives from its patterns. A failure pattern seen at least <c>Learning:MinOccurrences</c> times is
/// an anti-pattern (each failure confirms it: α = 1 + occurrences, β = 1). A success pattern that is <c>recommended</c>
/// is a rule (α = 1 + successes, β = 1 + failed attempts); one with at least <c>Learning:MinProven</c> attempts below
/// <c>Learning:AntiPatternBelowRate</c> is an anti-pattern (α = 1 + failed attempts, β = 1 + successes).
/// </summary>
internal static class RuleDeriver
{
    public static IReadOnlyList<PlaybookRule> Derive(IReadOnlyList<FailurePattern> failures, IReadOnlyList<SuccessPattern> successes, LearningOptions options)
    {
        var rules = new List<PlaybookRule>();
        var days = options.WindowDays.ToString("0.##", CultureInfo.InvariantCulture);
        foreach (var p in failures.Where(p => p.OccurrenceCount >= options.MinOccurrences))
        {
            var resolved = p.AvgTimeToResolveSeconds is { } seconds
                ? $"{Percent(p.ResolutionSuccessRate)} later completed, after {Durations.Text(seconds)} on average"
                : "none later completed";
            rules.Add(new PlaybookRule(
                IdOf(LearningNames.AntiPattern, "failure", p.Stage, p.FailureType), LearningNames.AntiPattern,
                $"Stage {p.Stage} failed with {p.FailureType} {p.OccurrenceCount} times in the last {days} days ({resolved}). {p.RecommendedAction}",
                1 + p.OccurrenceCount, 1, p.OccurrenceCount, p.LastOccurrence, $"failure_pattern:{p.Stage}:{p.FailureType}",
                p.Stage, p.FailureType, null, null));
        }

        foreach (var p in successes)
        {
            var failed = p.Attempts - p.Successes;
            var time = p.AvgTimeToCompleteSeconds is { } seconds ? $", {Durations.Text(seconds)} on average" : string.Empty;
            if (p.Recommended)
            {
                rules.Add(new PlaybookRule(
                    IdOf(LearningNames.Rule, "success", p.AgentType, p.TaskType), LearningNames.Rule,
                    $"Agent type {p.AgentType} is proven on {p.TaskType} tasks: {p.Successes} of {p.Attempts} attempts succeeded in the last {days} days{time}.",
                    1 + p.Successes, 1 + failed, p.Attempts, p.LastAttempt, $"success_pattern:{p.AgentType}:{p.TaskType}",
                    null, null, p.AgentType, p.TaskType));
            }
            else if (p.Attempts >= options.MinProven && p.SuccessRate < options.AntiPatternBelowRate)
            {
                rules.Add(new PlaybookRule(
                    IdOf(LearningNames.AntiPattern, "success", p.AgentType, p.TaskType), LearningNames.AntiPattern,
                    $"Agent type {p.AgentType} struggles with {p.TaskType} tasks: only {p.Successes} of {p.Attempts} attempts succeeded in the last {days} days; give it a narrower task or another agent type.",
                    1 + failed, 1 + p.Successes, p.Attempts, p.LastAttempt, $"success_pattern:{p.AgentType}:{p.TaskType}",
                    null, null, p.AgentType, p.TaskType));
            }
        }

        return rules;
    }

    /// <summary><c>b-</c> for a rule, <c>ap-</c> for an anti-pattern, and 12 hex characters of the hash of its pattern.</summary>
    public static string IdOf(string kind, string pattern, string first, string second) =>
        StableId.Of(kind == LearningNames.Rule ? "b-" : "ap-", 6, pattern, first, second);

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
