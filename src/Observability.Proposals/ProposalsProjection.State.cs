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
            WriteText(writer, p.ReviewRunId);
            WriteTime(writer, p.OpenedAt);
            writer.Write(p.EvidenceEventIds.Count);
            p.EvidenceEventIds.ForEach(writer.Write);
            writer.Write(p.Figures.Count);
            foreach (var (name, value) in p.Figures)
            {
                writer.Write(name);
                writer.Write(value);
            }

            WriteTime(writer, p.FindingClosedAt);
            WriteText(writer, p.FindingCloseReason);
            WriteText(writer, p.FindingClosedEventId);
            WriteText(writer, p.Decision);
            WriteText(writer, p.DecisionEventId);
            writer.Write(p.DecisionSequence);
            WriteTime(writer, p.DecidedAt);
            WriteText(writer, p.DecidedBy);
            WriteText(writer, p.DecisionReason);
            writer.Write(p.Deliveries.Count);
            foreach (var d in p.Deliveries)
            {
                writer.Write(d.Tracker);
                writer.Write(d.Outcome);
                writer.Write(d.IssueNumber.HasValue);
                writer.Write(d.IssueNumber ?? 0);
                WriteText(writer, d.Url);
                WriteTime(writer, d.At);
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
        var count = Count(reader);
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
                ReviewRunId = ReadText(reader),
                OpenedAt = ReadTime(reader) ?? throw new InvalidDataException("A proposal without its opening time."),
            };
            for (var n = Count(reader); n > 0; n--)
            {
                p.EvidenceEventIds.Add(reader.ReadString());
            }

            for (var n = Count(reader); n > 0; n--)
            {
                p.Figures.Add(new(reader.ReadString(), reader.ReadDouble()));
            }

            p.FindingClosedAt = ReadTime(reader);
            p.FindingCloseReason = ReadText(reader);
            p.FindingClosedEventId = ReadText(reader);
            p.Decision = ReadText(reader);
            p.DecisionEventId = ReadText(reader);
            p.DecisionSequence = reader.ReadInt64();
            p.DecidedAt = ReadTime(reader);
            p.DecidedBy = ReadText(reader);
            p.DecisionReason = ReadText(reader);
            for (var n = Count(reader); n > 0; n--)
            {
                var tracker = reader.ReadString();
                var outcome = reader.ReadString();
                var hasNumber = reader.ReadBoolean();
                var number = reader.ReadInt64();
                var url = ReadText(reader);
                var at = ReadTime(reader) ?? throw new InvalidDataException("A delivery without its time.");
                p.Deliveries.Add(new ProposalDelivery(tracker, outcome, hasNumber ? number : null, url, at, reader.ReadString()));
            }

            if (!_byId.TryAdd(p.Id, p))
            {
                throw new InvalidDataException($"Proposal {p.Id} twice in the state.");
            }

            _order.Add(p);
        }
    }

    private static void WriteText(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? ReadText(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteTime(BinaryWriter writer, DateTimeOffset? at)
    {
        writer.Write(at.HasValue);
        if (at is { } value)
        {
            writer.Write(value.UtcTicks);
            writer.Write((short)value.Offset.TotalMinutes);
        }
    }

    private static DateTimeOffset? ReadTime(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException("A negative count in the proposals state.");
    }
}
