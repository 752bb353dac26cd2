using Observability.Learning.Playbook;

namespace Observability.Learning.Context;

/// <summary>
/// The context answer at a given "now", computed under the host's lock from the projection: the playbook's rules and
/// anti-patterns that agree with the query (a rule about another task type, agent type or stage is left out; one
/// about no such dimension stays), those sharing more of the query's words first, then by confidence at "now" (decayed),
/// then evidence; retired rules (below <c>Learning:MinConfidence</c>) left out; and the newest finished tasks that
/// agree with the query, one per task, those sharing more of its words first (of the newest
/// <see cref="MaxScored"/>).
/// </summary>
internal static class ContextAnswers
{
    /// <summary>Tasks scored against the query's words at most, the newest that agree with its filters: bounds the answer's time.</summary>
    public const int MaxScored = 1_000;

    public static ContextAnswer Compute(LearningProjection state, ContextQuery query, DateTimeOffset now)
    {
        var options = state.Options;
        var ranked = new List<(PlaybookRule Rule, OutcomeTally? Outcomes, double Confidence, int Matches)>();
        int rules = 0, antiPatterns = 0;
        foreach (var rule in state.Rules.Values)
        {
            var outcomes = state.Outcomes.GetValueOrDefault(rule.Id);
            var confidence = Confidence.At(rule, outcomes, now, options.HalfLife);
            if (confidence < options.MinConfidence)
            {
                continue;
            }

            if (rule.Kind == LearningNames.Rule)
            {
                rules++;
            }
            else
            {
                antiPatterns++;
            }

            if (ContextQuery.Agrees(query.TaskType, rule.TaskType) && ContextQuery.Agrees(query.AgentType, rule.AgentType) && ContextQuery.Agrees(query.Stage, rule.Stage))
            {
                ranked.Add((rule, outcomes, confidence, query.Matches(rule.Content, rule.Source)));
            }
        }

        ranked.Sort(static (a, b) =>
            b.Matches != a.Matches ? b.Matches.CompareTo(a.Matches)
            : b.Confidence != a.Confidence ? b.Confidence.CompareTo(a.Confidence)
            : b.Rule.Evidence != a.Rule.Evidence ? b.Rule.Evidence.CompareTo(a.Rule.Evidence)
            : string.CompareOrdinal(a.Rule.Id, b.Rule.Id));
        var last = state.LastRun;
        return new ContextAnswer(true, new ContextData(
            query.Q ?? Describe(query),
            new ContextQueryEcho(query.TaskType, query.AgentType, query.Stage, query.Q, query.Limit),
            Bullets(ranked, LearningNames.Rule, query.Limit),
            Bullets(ranked, LearningNames.AntiPattern, query.Limit),
            Snippets(state, query, options.ContextHistory),
            new PlaybookInfo(rules, antiPatterns, last?.RunId, last?.At)));
    }

    private static List<ContextBullet> Bullets(List<(PlaybookRule Rule, OutcomeTally? Outcomes, double Confidence, int Matches)> ranked, string kind, int limit) =>
        [.. ranked.Where(r => r.Rule.Kind == kind).Take(limit).Select(r => new ContextBullet(
            r.Rule.Id, r.Rule.Content, Math.Round(r.Confidence, 4), r.Rule.Evidence + (r.Outcomes?.Successes ?? 0) + (r.Outcomes?.Failures ?? 0),
            r.Rule.Source, r.Rule.Kind, Confidence.LastEvidence(r.Rule, r.Outcomes),
            new OutcomeCounts(r.Outcomes?.Successes ?? 0, r.Outcomes?.Failures ?? 0)))];

    private static List<HistorySnippet> Snippets(LearningProjection state, ContextQuery query, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<(HistoryEntry Entry, int Score)>();
        foreach (var entry in state.History.NewestFirst())
        {
            if (!Same(query.TaskType, entry.TaskType) || !Same(query.AgentType, entry.AgentType) || !Same(query.Stage, entry.Stage) || !seen.Add(entry.TaskId))
            {
                continue;
            }

            found.Add((entry, query.Matches(entry.Title, entry.TaskId, entry.FailureType)));

            // Without words to match, the newest are the answer; with them, the newest MaxScored candidates are scored.
            if (found.Count == (query.Words.Count == 0 ? count : MaxScored))
            {
                break;
            }
        }

        return [.. found
            .OrderByDescending(f => f.Score).ThenByDescending(f => f.Entry.FinishedAt)
            .Take(count)
            .Select(f => new HistorySnippet(
                f.Entry.TaskId, f.Entry.Title, f.Entry.Success ? LearningNames.Success : LearningNames.Failure,
                f.Entry.DurationSeconds is { } seconds ? Durations.Text(seconds) : null, f.Entry.DurationSeconds, f.Entry.Model, f.Entry.Attempts,
                f.Entry.AgentType + "_" + f.Entry.TaskType, f.Entry.TaskType, f.Entry.AgentType, f.Entry.Stage, f.Entry.FailureType, f.Entry.FinishedAt, f.Score))];
    }

    private static bool Same(string? wanted, string value) => wanted is null || string.Equals(wanted, value, StringComparison.OrdinalIgnoreCase);

    private static string Describe(ContextQuery query)
    {
        var parts = new List<string>();
        if (query.TaskType is not null)
        {
            parts.Add("task_type=" + query.TaskType);
        }

        if (query.AgentType is not null)
        {
            parts.Add("agent_type=" + query.AgentType);
        }

        if (query.Stage is not null)
        {
            parts.Add("stage=" + query.Stage);
        }

        return parts.Count == 0 ? "any task" : string.Join(", ", parts);
    }
}
