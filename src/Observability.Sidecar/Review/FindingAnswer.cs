using System.Text.Json;
using Observability.Review.Findings;

namespace Observability.Sidecar.Review;

/// <summary>A finding as <c>GET /api/v1/findings</c> answers it: the stored fields, its status and its evidence as stored.</summary>
internal sealed record FindingAnswer(
    string Id,
    string Status,
    string Kind,
    string Category,
    string Severity,
    string SubjectType,
    string Subject,
    string Summary,
    string Recommendation,
    JsonElement Evidence,
    string ReviewRunId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    string? ClosedReason)
{
    public static FindingAnswer Of(Finding f)
    {
        using var evidence = JsonDocument.Parse(f.EvidenceJson);
        return new FindingAnswer(
            f.Id, f.IsOpen ? "open" : "closed", f.Kind, f.Category, f.Severity, f.SubjectType, f.Subject, f.Summary, f.Recommendation,
            evidence.RootElement.Clone(), f.ReviewRunId, f.OpenedAt, f.ClosedAt, f.ClosedReason);
    }
}

/// <summary><c>POST /api/v1/review</c>: what one run opened and closed.</summary>
internal sealed record ReviewAnswer(
    string RunId, DateTimeOffset At, string Trigger, double DurationSeconds, int Holding, int Open, IReadOnlyList<FindingAnswer> Opened, IReadOnlyList<FindingAnswer> Closed);
