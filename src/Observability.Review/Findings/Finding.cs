namespace Observability.Review.Findings;

/// <summary>A finding as the log holds it: folded from its <c>finding:opened</c> and, once closed, its <c>finding:closed</c>.</summary>
internal sealed class Finding
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string Category { get; init; }

    public required string Severity { get; init; }

    public required string SubjectType { get; init; }

    public required string Subject { get; init; }

    public required string Summary { get; init; }

    public required string Recommendation { get; init; }

    /// <summary>The evidence object exactly as stored (<c>{"eventIds": [...], "figures": {...}}</c>).</summary>
    public required string EvidenceJson { get; init; }

    public required string ReviewRunId { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedReason { get; set; }

    public string? ClosedByRun { get; set; }

    public bool IsOpen => ClosedAt is null;

    public string Key => FindingId.Key(Kind, SubjectType, Subject);
}
