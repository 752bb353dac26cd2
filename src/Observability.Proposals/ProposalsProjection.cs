using System.Text.Json;
using Observability.Events;
using Observability.Projections;

namespace Observability.Proposals;

/// <summary>
/// Every proposed task, folded from the log: a <c>finding:opened</c> at or above <c>Proposals:MinSeverity</c> proposes
/// one (id <c>p-</c> and the finding's hex, so the same finding always proposes the same task); its
/// <c>finding:closed</c> withdraws it unless it was decided; the first <c>proposal:approved</c> or
/// <c>proposal:rejected</c> of a pending proposal decides it (a later one, or one of a withdrawn proposal, is counted
/// and ignored); each <c>proposal:delivered</c> records where a tracker has it.
/// </summary>
internal sealed partial class ProposalsProjection(ProposalsOptions options) : IProjection
{
    /// <summary>Evidence event ids and figures kept per proposal (the finding contract sends at most 20 ids).</summary>
    public const int MaxEvidence = 20;

    /// <summary>The longest text kept from a finding's field.</summary>
    public const int MaxTextLength = 2000;

    private readonly int _minRank = Severity.Rank(options.MinSeverity);
    private readonly Dictionary<string, Proposal> _byId = new(StringComparer.Ordinal);
    private readonly List<Proposal> _order = [];

    public string Name => "proposals";

    public int Version => 1;

    public string Settings => $"minSeverity={options.MinSeverity}";

    /// <summary>Decision events ignored: a second decision, one of a withdrawn proposal, or of no known proposal.</summary>
    public long IgnoredDecisions { get; private set; }

    /// <summary>The proposal <paramref name="id"/>, or null.</summary>
    public Proposal? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Every proposal in the order their findings opened, optionally only those in <paramref name="status"/>.</summary>
    public IReadOnlyList<Proposal> List(string? status = null) =>
        status is null ? [.. _order] : [.. _order.Where(p => string.Equals(p.Status, status, StringComparison.Ordinal))];

    /// <summary>How many proposals are in each status (every status present, 0 included).</summary>
    public IReadOnlyDictionary<string, int> CountByStatus()
    {
        var counts = ProposalStatus.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var proposal in _order)
        {
            counts[proposal.Status]++;
        }

        return counts;
    }

    /// <summary>Pending proposals, oldest first (what autonomous mode approves).</summary>
    public IReadOnlyList<Proposal> Pending(int max) => [.. _order.Where(p => p.Status == ProposalStatus.Pending).Take(max)];

    /// <summary>Approved proposals <paramref name="tracker"/> does not have yet, in the order they were approved.</summary>
    public IReadOnlyList<Proposal> Undelivered(string tracker, int max) =>
        [.. _order.Where(p => p.Decision == ProposalEvents.Approved && p.DeliveryTo(tracker) is null).OrderBy(p => p.DecisionSequence).Take(max)];

    /// <summary>Deliveries to <paramref name="tracker"/> stamped at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> DeliveredSince(string tracker, DateTimeOffset since) =>
        [.. _order.Select(p => p.DeliveryTo(tracker)).Where(d => d is not null && d.At >= since).Select(d => d!.At).Order()];

    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case ProposalEvents.FindingOpened:
                Open(e);
                break;
            case ProposalEvents.FindingClosed:
                Close(e);
                break;
            case ProposalEvents.Approved or ProposalEvents.Rejected:
                Decide(e);
                break;
            case ProposalEvents.Delivered:
                Deliver(e);
                break;
            default:
                break;
        }
    }

    private void Open(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var findingId = metadata.Text("findingId"u8) ?? e.EntityId;
        var severity = metadata.Text("severity"u8);
        var kind = metadata.Text("kind"u8);
        if (string.IsNullOrEmpty(findingId) || kind is null || Severity.Rank(severity) < _minRank || Severity.Rank(severity) < 0)
        {
            return;
        }

        var id = ProposalEvents.ProposalId(findingId);
        if (_byId.ContainsKey(id))
        {
            return;
        }

        var subjectType = Cut(metadata.Text("subjectType"u8)) ?? "subject";
        var proposal = new Proposal
        {
            Id = id,
            FindingId = findingId,
            FindingEventId = e.Id,
            Sequence = e.Sequence,
            FindingKind = Cut(kind)!,
            Kind = ProposalKinds.For(kind, subjectType),
            Category = Cut(metadata.Text("category"u8)) ?? "review",
            Severity = severity!,
            SubjectType = subjectType,
            Subject = Cut(metadata.Text("subject"u8)) ?? string.Empty,
            Summary = Cut(metadata.Text("summary"u8)) ?? kind,
            Recommendation = Cut(metadata.Text("recommendation"u8)) ?? "See the evidence.",
            ReviewRunId = Cut(metadata.Text("reviewRunId"u8)),
            OpenedAt = e.Timestamp,
        };
        ReadEvidence(metadata.Raw, proposal);
        _byId.Add(id, proposal);
        _order.Add(proposal);
    }

    private void Close(in StoredEvent e)
    {
        var findingId = e.Metadata.Text("findingId"u8) ?? e.EntityId;
        if (string.IsNullOrEmpty(findingId) || Find(ProposalEvents.ProposalId(findingId)) is not { FindingClosedAt: null } proposal)
        {
            return;
        }

        proposal.FindingClosedAt = e.Timestamp;
        proposal.FindingCloseReason = Cut(e.Metadata.Text("reason"u8)) ?? "cleared";
        proposal.FindingClosedEventId = e.Id;
    }

    private void Decide(in StoredEvent e)
    {
        var id = e.Metadata.Text("proposalId"u8) ?? e.EntityId;
        if (string.IsNullOrEmpty(id) || Find(id) is not { } proposal || proposal.Status != ProposalStatus.Pending)
        {
            IgnoredDecisions++;
            return;
        }

        proposal.Decision = e.EventType;
        proposal.DecisionEventId = e.Id;
        proposal.DecisionSequence = e.Sequence;
        proposal.DecidedAt = e.Timestamp;
        proposal.DecidedBy = Cut(e.Metadata.Text("by"u8));
        proposal.DecisionReason = Cut(e.Metadata.Text("reason"u8));
    }

    private void Deliver(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var id = metadata.Text("proposalId"u8) ?? e.EntityId;
        var tracker = metadata.Text("tracker"u8);
        if (string.IsNullOrEmpty(id) || tracker is null || Find(id) is not { } proposal || proposal.DeliveryTo(tracker) is not null)
        {
            return;
        }

        var number = metadata.Number("issueNumber"u8);
        proposal.Deliveries.Add(new ProposalDelivery(
            Cut(tracker)!, Cut(metadata.Text("outcome"u8)) ?? "delivered", number is { } n and >= 1 and <= NumberLimits.MaxCount ? (long)n : null, Cut(metadata.Text("url"u8)), e.Timestamp, e.Id));
    }

    // The evidence object is kept as sent by the review; only its ids and numeric figures are read, and at most MaxEvidence of each.
    private static void ReadEvidence(ReadOnlySpan<byte> metadata, Proposal proposal)
    {
        if (metadata.IsEmpty)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(metadata);
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("evidence", out var evidence) || evidence.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (evidence.TryGetProperty("eventIds", out var ids) && ids.ValueKind == JsonValueKind.Array)
            {
                proposal.EvidenceEventIds.AddRange(ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Take(MaxEvidence).Select(i => Cut(i.GetString())!));
            }

            if (evidence.TryGetProperty("figures", out var figures) && figures.ValueKind == JsonValueKind.Object)
            {
                foreach (var figure in figures.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Number).Take(MaxEvidence))
                {
                    proposal.Figures.Add(new(Cut(figure.Name)!, figure.Value.GetDouble()));
                }
            }
        }
        catch (JsonException)
        {
            // The stored event was validated as JSON; a shape the contract does not describe just carries no evidence.
        }
    }

    private static string? Cut(string? text) => text is null || text.Length <= MaxTextLength ? text : text[..MaxTextLength];
}
