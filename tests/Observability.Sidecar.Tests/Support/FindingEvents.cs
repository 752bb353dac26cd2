using System.Globalization;
using System.Text.Json.Nodes;

namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// The finding contract's <c>finding:opened</c> and <c>finding:closed</c> events, as the review appends them; shared by
/// the proposals' projection, API, CLI and dashboard tests.
/// </summary>
internal static class FindingEvents
{
    /// <summary>A <c>finding:opened</c> event; the summary is "KIND on SUBJECT" unless given.</summary>
    public static JsonObject Opened(
        string findingId, string kind, string severity, string subjectType, string subject, DateTimeOffset at,
        string[]? eventIds = null, JsonObject? figures = null, string? summary = null, string category = "pipeline") => new()
    {
        ["id"] = $"finding:opened:{findingId}",
        ["eventType"] = "finding:opened",
        ["entityType"] = "finding",
        ["entityId"] = findingId,
        ["timestamp"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["metadata"] = new JsonObject
        {
            ["findingId"] = findingId,
            ["kind"] = kind,
            ["category"] = category,
            ["severity"] = severity,
            ["subjectType"] = subjectType,
            ["subject"] = subject,
            ["summary"] = summary ?? $"{kind} on {subject}",
            ["recommendation"] = "Find the cause and fix it.",
            ["evidence"] = new JsonObject
            {
                ["eventIds"] = new JsonArray([.. (eventIds ?? []).Select(i => (JsonNode)JsonValue.Create(i))]),
                ["figures"] = figures ?? [],
            },
            ["reviewRunId"] = "review-1",
        },
    };

    /// <summary>A <c>finding:closed</c> event: the condition cleared.</summary>
    public static JsonObject Closed(string findingId, string kind, DateTimeOffset at) => new()
    {
        ["id"] = $"finding:closed:{findingId}",
        ["eventType"] = "finding:closed",
        ["entityType"] = "finding",
        ["entityId"] = findingId,
        ["timestamp"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["metadata"] = new JsonObject { ["findingId"] = findingId, ["kind"] = kind, ["reason"] = "cleared" },
    };
}
