namespace Observability.Proposals;

/// <summary>
/// One proposed task as folded from the log: the finding it came from (as the finding contract stores it), the
/// decision on it and its deliveries. Its texts are written from these at query time (<see cref="ProposalText"/>).
/// </summary>
internal sealed class Proposal
{
    public required string Id { get; init; }

    public required string FindingId { get; init; }

    /// <summary>The <c>finding:opened</c> event's id.</summary>
    public required string FindingEventId { get; init; }

    /// <summary>The log sequence of the <c>finding:opened</c> event.</summary>
    public long Sequence { get; init; }

    public required string FindingKind { get; init; }

    /// <summary>The proposal kind (<see cref="ProposalKinds"/>).</summary>
    public required string Kind { get; init; }

    public required string Category { get; init; }

    public required string Severity { get; init; }

    public required string SubjectType { get; init; }

    public required string Subject { get; init; }

    public required string Summary { get; init; }

    public required string Recommendation { get; init; }

    public string? ReviewRunId { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>The events behind the finding (at most <see cref="ProposalsProjection.MaxEvidence"/>).</summary>
    public List<string> EvidenceEventIds { get; init; } = [];

    /// <summary>The figures behind the finding, in the order it sent them.</summary>
    public List<KeyValuePair<string, double>> Figures { get; init; } = [];

    public DateTimeOffset? FindingClosedAt { get; set; }

    public string? FindingCloseReason { get; set; }

    public string? FindingClosedEventId { get; set; }

    /// <summary><see cref="ProposalEvents.Approved"/> or <see cref="ProposalEvents.Rejected"/> once decided.</summary>
    public string? Decision { get; set; }

    public string? DecisionEventId { get; set; }

    public long DecisionSequence { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecisionReason { get; set; }

    public List<ProposalDelivery> Deliveries { get; init; } = [];

    /// <summary>Where the proposal stands (<see cref="ProposalStatus"/>).</summary>
    public string Status => Decision switch
    {
        ProposalEvents.Rejected => ProposalStatus.Rejected,
        ProposalEvents.Approved => Deliveries.Count > 0 ? ProposalStatus.Delivered : ProposalStatus.Approved,
        _ => FindingClosedAt is null ? ProposalStatus.Pending : ProposalStatus.Withdrawn,
    };

    /// <summary>The delivery to <paramref name="tracker"/>, or null.</summary>
    public ProposalDelivery? DeliveryTo(string tracker) => Deliveries.Find(d => string.Equals(d.Tracker, tracker, StringComparison.Ordinal));
}

/// <summary>One <c>proposal:delivered</c> event: where the proposal lives in a tracker.</summary>
/// <param name="Tracker"><c>webhook</c> or <c>github</c>.</param>
/// <param name="Outcome"><c>delivered</c> (this delivery made it) or <c>existing</c> (the tracker had it already).</param>
/// <param name="IssueNumber">The tracker's issue number, when it has one.</param>
/// <param name="Url">The issue's URL, when it has one.</param>
/// <param name="At">The event's timestamp.</param>
/// <param name="EventId">The event's id.</param>
internal sealed record ProposalDelivery(string Tracker, string Outcome, long? IssueNumber, string? Url, DateTimeOffset At, string EventId);
