using System.Globalization;
using System.Text.Json.Nodes;

namespace Observability.Review.Findings;

/// <summary>The finding contract's events: <c>finding:opened</c> and <c>finding:closed</c> as the review appends them.</summary>
internal static class FindingEvents
{
    public const string Opened = "finding:opened";
    public const string Closed = "finding:closed";

    /// <summary>The reason a finding closes when its check no longer holds.</summary>
    public const string Cleared = "cleared";

    public static JsonObject OpenedEvent(string findingId, FindingCandidate candidate, string reviewRunId, DateTimeOffset at)
    {
        var figures = new JsonObject();
        foreach (var (name, value) in candidate.Figures)
        {
            figures[name] = double.IsFinite(value) ? value : null;
        }

        return new JsonObject
        {
            ["id"] = $"{Opened}:{findingId}",
            ["timestamp"] = Iso(at),
            ["eventType"] = Opened,
            ["entityType"] = "finding",
            ["entityId"] = findingId,
            ["metadata"] = new JsonObject
            {
                ["findingId"] = findingId,
                ["kind"] = candidate.Kind.Name,
                ["category"] = candidate.Kind.Category,
                ["severity"] = candidate.Kind.Severity,
                ["subjectType"] = candidate.SubjectType,
                ["subject"] = candidate.Subject,
                ["summary"] = candidate.Summary,
                ["recommendation"] = candidate.Recommendation,
                ["evidence"] = new JsonObject
                {
                    ["eventIds"] = new JsonArray([.. candidate.EventIds.Select(id => (JsonNode)JsonValue.Create(id))]),
                    ["figures"] = figures,
                },
                ["reviewRunId"] = reviewRunId,
            },
        };
    }

    public static JsonObject ClosedEvent(Finding finding, string reviewRunId, DateTimeOffset at) => new()
    {
        ["id"] = $"{Closed}:{finding.Id}",
        ["timestamp"] = Iso(at),
        ["eventType"] = Closed,
        ["entityType"] = "finding",
        ["entityId"] = finding.Id,
        ["metadata"] = new JsonObject
        {
            ["findingId"] = finding.Id,
            ["kind"] = finding.Kind,
            ["reason"] = Cleared,
            ["reviewRunId"] = reviewRunId,
        },
    };

    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
