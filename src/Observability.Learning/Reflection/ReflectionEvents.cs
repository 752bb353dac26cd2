using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Learning.Patterns;
using Observability.Learning.Playbook;

namespace Observability.Learning.Reflection;

/// <summary>
/// A reflection run as a <c>reflection:run</c> event (its id is the run's id, so storing it again is a duplicate), and
/// the playbook rules read back from one.
/// </summary>
internal static class ReflectionEvents
{
    public static JsonObject ToEvent(ReflectionRun run) => new()
    {
        ["id"] = run.RunId,
        ["timestamp"] = Iso(run.At),
        ["eventType"] = LearningNames.ReflectionRun,
        ["entityType"] = "reflection",
        ["entityId"] = run.RunId,
        ["metadata"] = Metadata(run),
    };

    /// <summary>The run as its event's metadata carries it (and as <c>POST /api/v1/reflect</c> answers it).</summary>
    public static JsonObject Metadata(ReflectionRun run)
    {
        var summary = run.Summary;
        return new JsonObject
        {
            ["runId"] = run.RunId,
            ["trigger"] = run.Trigger,
            ["at"] = Iso(run.At),
            ["windowDays"] = run.WindowDays,
            ["coveredSequence"] = run.CoveredSequence,
            ["failurePatternCount"] = summary.FailurePatterns,
            ["successPatternCount"] = summary.SuccessPatterns,
            ["ruleCount"] = summary.Rules,
            ["antiPatternCount"] = summary.AntiPatterns,
            ["failurePatterns"] = new JsonArray([.. run.FailurePatterns.Select(Failure)]),
            ["successPatterns"] = new JsonArray([.. run.SuccessPatterns.Select(Success)]),
            ["rules"] = new JsonArray([.. run.Rules.Select(Rule)]),
        };
    }

    /// <summary>The rules a stored <c>reflection:run</c>'s metadata carries; one that does not read is skipped.</summary>
    public static IEnumerable<PlaybookRule> Rules(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var r in rules.EnumerateArray())
        {
            if (ReadRule(r) is { } rule)
            {
                yield return rule;
            }
        }
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static PlaybookRule? ReadRule(JsonElement r)
    {
        try
        {
            var kind = r.GetProperty("kind").GetString();
            if (kind is not (LearningNames.Rule or LearningNames.AntiPattern))
            {
                return null;
            }

            return new PlaybookRule(
                r.GetProperty("id").GetString()!, kind, r.GetProperty("content").GetString()!, r.GetProperty("alpha").GetDouble(), r.GetProperty("beta").GetDouble(),
                r.GetProperty("evidence").GetInt64(), r.GetProperty("lastEvidenceAt").GetDateTimeOffset(), r.GetProperty("source").GetString()!,
                Text(r, "stage"), Text(r, "failureType"), Text(r, "agentType"), Text(r, "taskType"));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonObject Failure(FailurePattern p) => new()
    {
        ["patternId"] = p.PatternId,
        ["stage"] = p.Stage,
        ["failureType"] = p.FailureType,
        ["occurrenceCount"] = p.OccurrenceCount,
        ["lastOccurrence"] = Iso(p.LastOccurrence),
        ["resolved"] = p.Resolved,
        ["resolutionSuccessRate"] = p.ResolutionSuccessRate,
        ["avgTimeToResolveSeconds"] = p.AvgTimeToResolveSeconds,
        ["recommendedAction"] = p.RecommendedAction,
    };

    private static JsonObject Success(SuccessPattern p) => new()
    {
        ["patternId"] = p.PatternId,
        ["approach"] = p.Approach,
        ["agentType"] = p.AgentType,
        ["taskType"] = p.TaskType,
        ["attempts"] = p.Attempts,
        ["successes"] = p.Successes,
        ["successRate"] = p.SuccessRate,
        ["avgTimeToCompleteSeconds"] = p.AvgTimeToCompleteSeconds,
        ["lastAttempt"] = Iso(p.LastAttempt),
        ["recommended"] = p.Recommended,
    };

    private static JsonObject Rule(PlaybookRule r) => new()
    {
        ["id"] = r.Id,
        ["kind"] = r.Kind,
        ["content"] = r.Content,
        ["alpha"] = r.Alpha,
        ["beta"] = r.Beta,
        ["evidence"] = r.Evidence,
        ["lastEvidenceAt"] = Iso(r.LastEvidenceAt),
        ["source"] = r.Source,
        ["stage"] = r.Stage,
        ["failureType"] = r.FailureType,
        ["agentType"] = r.AgentType,
        ["taskType"] = r.TaskType,
    };
}
