using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Proposals;

/// <summary>The finding contract's <c>finding:opened</c> and <c>finding:closed</c> events, as the review appends them.</summary>
internal static class FindingEvents
{
    public static JsonObject Opened(string findingId, string kind, string severity, string subjectType, string subject, string summary, params string[] evidence) => new()
    {
        ["id"] = $"finding:opened:{findingId}",
        ["eventType"] = "finding:opened",
        ["entityType"] = "finding",
        ["entityId"] = findingId,
        ["timestamp"] = TestEvents.Iso(TestEvents.T0),
        ["metadata"] = new JsonObject
        {
            ["findingId"] = findingId,
            ["kind"] = kind,
            ["category"] = "pipeline",
            ["severity"] = severity,
            ["subjectType"] = subjectType,
            ["subject"] = subject,
            ["summary"] = summary,
            ["recommendation"] = "Find the cause of the failures and fix it.",
            ["evidence"] = new JsonObject
            {
                ["eventIds"] = new JsonArray([.. evidence.Select(e => (JsonNode)JsonValue.Create(e))]),
                ["figures"] = new JsonObject { ["failures_24h"] = 4, ["threshold"] = 3 },
            },
            ["reviewRunId"] = "review-1",
        },
    };

    public static JsonObject Closed(string findingId, string kind) => new()
    {
        ["id"] = $"finding:closed:{findingId}",
        ["eventType"] = "finding:closed",
        ["entityType"] = "finding",
        ["entityId"] = findingId,
        ["timestamp"] = TestEvents.Iso(TestEvents.T0.AddHours(1)),
        ["metadata"] = new JsonObject { ["findingId"] = findingId, ["kind"] = kind, ["reason"] = "cleared" },
    };
}
