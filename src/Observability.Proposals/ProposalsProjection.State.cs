using Observability.Projections;

namespace Observability.Proposals;

/// <content>The snapshot state: every proposal with its finding, decision and deliveries.</content>
internal sealed partial class ProposalsProjection
{
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(IgnoredDecisions);
        writer.Write(_order.Count);
        foreach (var p in _order)
        {
            writer.Write(p.Id);
            writer.Write(p.FindingId);
            writer.Write(p.FindingEventId);
            writer.Write(p.Sequence);
            writer.Write(p.FindingKind);
            writer.Write(p.Kind);
            writer.Write(p.Category);
            writer.Write(p.Severity);
            writer.Write(p.SubjectType);
            writer.Write(p.Subject);
            writer.Write(p.Summary);
            writer.Write(p.Recommendation);
            writer.WriteNullable(p.ReviewRunId);
            writer.WriteNullable(p.OpenedAt);
            writer.Write(p.EvidenceEventIds.Count);
            p.EvidenceEventIds.ForEach(writer.Write);
            writer.Write(p.Figures.Count);
            foreach (var (name, value) in p.Figures)
            {
                writer.Write(name);
                writer.Write(value);
            }

            writer.WriteNullable(p.FindingClosedAt);
            writer.WriteNullable(p.FindingCloseReason);
            writer.WriteNullable(p.FindingClosedEventId);
            writer.WriteNullable(p.Decision);
            writer.WriteNullable(p.DecisionEventId);
            writer.Write(p.DecisionSequence);
            writer.WriteNullable(p.DecidedAt);
            writer.WriteNullable(p.DecidedBy);
            writer.WriteNullable(p.DecisionReason);
            writer.Write(p.Deliveries.Count);
            foreach (var d in p.Deliveries)
            {
                writer.Write(d.Tracker);
                writer.Write(d.Outcome);
                writer.Write(d.IssueNumber.HasValue);
                writer.Write(d.IssueNumber ?? 0);
                writer.WriteNullable(d.Url);
                writer.WriteNullable(d.At);
                writer.Write(d.EventId);
            }
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _byId.Clear();
        _order.Clear();
        IgnoredDecisions = reader.ReadInt64();
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var p = new Proposal
            {
                Id = reader.ReadString(),
                FindingId = reader.ReadString(),
                FindingEventId = reader.ReadString(),
                Sequence = reader.ReadInt64(),
                FindingKind = reader.ReadString(),
                Kind = reader.ReadString(),
                Category = reader.ReadString(),
                Severity = reader.ReadString(),
                SubjectType = reader.ReadString(),
                Subject = reader.ReadString(),
                Summary = reader.ReadString(),
                Recommendation = reader.ReadString(),
                ReviewRunId = reader.ReadNullableString(),
                OpenedAt = reader.ReadNullableDateTimeOffset() ?? throw new InvalidDataException("A proposal without its opening time."),
            };
            for (var n = reader.ReadCount(); n > 0; n--)
            {
                p.EvidenceEventIds.Add(reader.ReadString());
            }

            for (var n = reader.ReadCount(); n > 0; n--)
            {
                p.Figures.Add(new(reader.ReadString(), reader.ReadDouble()));
            }

            p.FindingClosedAt = reader.ReadNullableDateTimeOffset();
            p.FindingCloseReason = reader.ReadNullableString();
            p.FindingClosedEventId = reader.ReadNullableString();
            p.Decision = reader.ReadNullableString();
            p.DecisionEventId = reader.ReadNullableString();
            p.DecisionSequence = reader.ReadInt64();
            p.DecidedAt = reader.ReadNullableDateTimeOffset();
            p.DecidedBy = reader.ReadNullableString();
            p.DecisionReason = reader.ReadNullableString();
            for (var n = reader.ReadCount(); n > 0; n--)
            {
                var tracker = reader.ReadString();
                var outcome = reader.ReadString();
                var hasNumber = reader.ReadBoolean();
                var number = reader.ReadInt64();
                var url = reader.ReadNullableString();
                var at = reader.ReadNullableDateTimeOffset() ?? throw new InvalidDataException("A delivery without its time.");
                p.Deliveries.Add(new ProposalDelivery(tracker, outcome, hasNumber ? number : null, url, at, reader.ReadString()));
            }

            if (!_byId.TryAdd(p.Id, p))
            {
                throw new InvalidDataException($"Proposal {p.Id} twice in the state.");
            }

            _order.Add(p);
        }
    }
}
