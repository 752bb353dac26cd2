using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Learning.Reflection;

namespace Observability.Learning.Playbook;

/// <summary>
/// <c>POST /api/v1/outcomes</c> as a <c>context:outcome</c> event: the id is <c>context:outcome:</c> and 16 hex
/// characters of the hash of the task id and the sorted rule ids, so the same report is a duplicate (the first
/// outcome stands).
/// </summary>
internal static class OutcomeEvents
{
    public static string IdOf(string taskId, IEnumerable<string> ruleIds) =>
        StableId.Of("context:outcome:", 8, [taskId, .. ruleIds.Order(StringComparer.Ordinal)]);

    public static JsonObject ToEvent(string taskId, string outcome, IReadOnlyList<string> known, IReadOnlyList<string> unknown, DateTimeOffset at)
    {
        var id = IdOf(taskId, known.Concat(unknown));
        return new JsonObject
        {
            ["id"] = id,
            ["timestamp"] = ReflectionEvents.Iso(at),
            ["eventType"] = LearningNames.ContextOutcome,
            ["entityId"] = taskId,
            ["metadata"] = new JsonObject
            {
                ["outcome"] = outcome,
                ["ruleIds"] = new JsonArray([.. known.Select(r => (JsonNode)r)]),
                ["unknownRuleIds"] = new JsonArray([.. unknown.Select(r => (JsonNode)r)]),
            },
        };
    }

    /// <summary>The rule ids of a stored outcome's metadata.</summary>
    public static IEnumerable<string> RuleIds(JsonElement metadata) =>
        metadata.TryGetProperty("ruleIds", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)
            : [];
}
