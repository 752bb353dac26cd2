namespace Observability.Proposals;

/// <summary><c>GET /api/v1/proposals/{id}</c>, and the body a tracker receives: the proposed task and how it stands.</summary>
/// <remarks>
/// <c>WithdrawnReason</c> says why a withdrawn proposal needs nothing done (null otherwise); <c>Events</c> lists every
/// event the proposal is derived from: the finding's opening and closing, the decision, the deliveries.
/// </remarks>
internal sealed record ProposalAnswer(
    string Id,
    string Status,
    string Kind,
    string Severity,
    string Title,
    string Description,
    IReadOnlyList<string> AcceptanceCriteria,
    FindingReference Finding,
    Evidence Evidence,
    DecisionAnswer? Decision,
    string? WithdrawnReason,
    IReadOnlyList<DeliveryAnswer> Deliveries,
    IReadOnlyDictionary<string, string> Links,
    IReadOnlyList<string> Events)
{
    /// <summary>The answer for <paramref name="p"/>; links absolute under <paramref name="baseUrl"/> when set.</summary>
    public static ProposalAnswer From(Proposal p, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(p);
        var status = p.Status;
        string?[] events = [p.FindingEventId, p.FindingClosedEventId, p.DecisionEventId, .. p.Deliveries.Select(d => d.EventId)];
        return new ProposalAnswer(
            p.Id,
            status,
            p.Kind,
            p.Severity,
            ProposalText.Title(p),
            ProposalText.Description(p, baseUrl),
            ProposalText.AcceptanceCriteria(p),
            new FindingReference(
                p.FindingId, p.FindingKind, p.Category, p.SubjectType, p.Subject, p.Summary, p.Recommendation, p.ReviewRunId, p.OpenedAt, p.FindingClosedAt, p.FindingCloseReason),
            new Evidence(p.EvidenceEventIds, p.Figures.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)),
            p.Decision is null ? null : new DecisionAnswer(p.Decision == ProposalEvents.Approved ? "approved" : "rejected", p.DecidedBy, p.DecisionReason, p.DecidedAt!.Value),
            status == ProposalStatus.Withdrawn
                ? $"finding {p.FindingId} closed ({p.FindingCloseReason}) at {p.FindingClosedAt:yyyy-MM-dd'T'HH:mm:ss'Z'} before the proposal was decided"
                : null,
            [.. p.Deliveries.Select(d => new DeliveryAnswer(d.Tracker, d.Outcome, d.IssueNumber, d.Url, d.At))],
            ProposalText.Links(p, baseUrl),
            [.. events.OfType<string>()]);
    }
}

/// <summary>The finding a proposal came from, as the finding contract stores it.</summary>
internal sealed record FindingReference(
    string Id, string Kind, string Category, string SubjectType, string Subject, string Summary, string Recommendation, string? ReviewRunId,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, string? CloseReason);

/// <summary>The events and figures behind a finding.</summary>
internal sealed record Evidence(IReadOnlyList<string> EventIds, IReadOnlyDictionary<string, double> Figures);

/// <summary>A decision: <c>approved</c> or <c>rejected</c>, by whom (<c>autonomous</c> for autonomous mode), why, when.</summary>
internal sealed record DecisionAnswer(string Decision, string? By, string? Reason, DateTimeOffset At);

/// <summary>Where a tracker has the proposal.</summary>
internal sealed record DeliveryAnswer(string Tracker, string Outcome, long? IssueNumber, string? Url, DateTimeOffset At);
