using System.Text;
using Observability.Events;
using Observability.Projections;

namespace Observability.Review.Findings;

/// <summary>
/// Every finding, folded from the finding contract's events: the open ones by subject and kind (at most one each), the
/// closed ones (the last <see cref="MaxClosedKept"/>), and how many findings each subject and kind has had, which is
/// the occurrence in the next one's id.
/// </summary>
internal sealed class FindingsProjection : IProjection
{
    /// <summary>Closed findings kept for <c>GET /api/v1/findings/{id}</c>; older ones are in the log only.</summary>
    public const int MaxClosedKept = 10_000;

    private readonly Dictionary<string, Finding> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Finding> _openByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);
    private readonly Queue<string> _closedOrder = new();

    public string Name => "findings";

    public int Version => 1;

    public string Settings => string.Empty;

    /// <summary>The open findings, by key (kind, subject type, subject).</summary>
    public IReadOnlyDictionary<string, Finding> OpenByKey => _openByKey;

    /// <summary>Stored <c>finding:opened</c> events refused: a field missing, or a second open finding for one subject and kind.</summary>
    public long Refused { get; private set; }

    public void Apply(in StoredEvent e)
    {
        if (e.EventType == FindingEvents.Opened)
        {
            Open(e);
        }
        else if (e.EventType == FindingEvents.Closed)
        {
            Close(e);
        }
    }

    /// <summary>The finding <paramref name="id"/>, or null.</summary>
    public Finding? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The id the next finding of this kind and subject gets.</summary>
    public string NextId(string kind, string subjectType, string subject) =>
        FindingId.Of(kind, subjectType, subject, _occurrences.GetValueOrDefault(FindingId.Key(kind, subjectType, subject)));

    /// <summary>Every finding kept, open first, then newest first.</summary>
    public List<Finding> All() => [.. _byId.Values.OrderBy(f => f.IsOpen ? 0 : 1).ThenByDescending(f => f.OpenedAt).ThenBy(f => f.Id, StringComparer.Ordinal)];

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Refused);
        State.StateMaps.Write(writer, _occurrences, (w, count) => w.Write(count));

        // Open ones first, then the closed in the order they closed, so reading them back rebuilds the queue.
        var closed = _closedOrder.Select(id => _byId[id]).ToList();
        var ordered = _openByKey.Values.Concat(closed).ToList();
        writer.Write(ordered.Count);
        foreach (var f in ordered)
        {
            writer.Write(f.Id);
            writer.Write(f.Kind);
            writer.Write(f.Category);
            writer.Write(f.Severity);
            writer.Write(f.SubjectType);
            writer.Write(f.Subject);
            writer.Write(f.Summary);
            writer.Write(f.Recommendation);
            writer.Write(f.EvidenceJson);
            writer.Write(f.ReviewRunId);
            writer.Write(f.OpenedAt);
            writer.Write(f.ClosedAt is not null);
            if (f.ClosedAt is { } closedAt)
            {
                writer.Write(closedAt);
                writer.Write(f.ClosedReason ?? string.Empty);
                writer.Write(f.ClosedByRun ?? string.Empty);
            }
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _byId.Clear();
        _openByKey.Clear();
        _occurrences.Clear();
        _closedOrder.Clear();
        Refused = reader.ReadInt64();
        State.StateMaps.Read(reader, _occurrences, r => r.ReadInt32());

        var count = StateIO.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            var f = new Finding
            {
                Id = reader.ReadString(),
                Kind = reader.ReadString(),
                Category = reader.ReadString(),
                Severity = reader.ReadString(),
                SubjectType = reader.ReadString(),
                Subject = reader.ReadString(),
                Summary = reader.ReadString(),
                Recommendation = reader.ReadString(),
                EvidenceJson = reader.ReadString(),
                ReviewRunId = reader.ReadString(),
                OpenedAt = reader.ReadDateTimeOffset(),
            };
            _byId[f.Id] = f;
            if (reader.ReadBoolean())
            {
                f.ClosedAt = reader.ReadDateTimeOffset();
                f.ClosedReason = reader.ReadString();
                f.ClosedByRun = reader.ReadString();
                _closedOrder.Enqueue(f.Id);
            }
            else
            {
                _openByKey[f.Key] = f;
            }
        }
    }

    private void Open(in StoredEvent e)
    {
        var m = e.Metadata;
        var kind = m.Text("kind"u8);
        var subjectType = m.Text("subjectType"u8);
        var subject = m.Text("subject"u8);
        var id = m.Text("findingId"u8) ?? e.EntityId;
        if (kind is null || subjectType is null || subject is null || _byId.ContainsKey(id))
        {
            Refused++;
            return;
        }

        var key = FindingId.Key(kind, subjectType, subject);
        _occurrences[key] = _occurrences.GetValueOrDefault(key) + 1;
        if (_openByKey.ContainsKey(key))
        {
            Refused++;
            return;
        }

        var finding = new Finding
        {
            Id = id,
            Kind = kind,
            Category = m.Text("category"u8) ?? FindingKinds.Find(kind)?.Category ?? string.Empty,
            Severity = m.Text("severity"u8) is { } severity && Severities.Rank(severity) >= 0 ? severity : Severities.Warning,
            SubjectType = subjectType,
            Subject = subject,
            Summary = m.Text("summary"u8) ?? string.Empty,
            Recommendation = m.Text("recommendation"u8) ?? string.Empty,
            EvidenceJson = m.TryGet("evidence"u8, out var evidence) && evidence.Kind == System.Text.Json.JsonTokenType.StartObject
                ? Encoding.UTF8.GetString(evidence.Raw)
                : "{}",
            ReviewRunId = m.Text("reviewRunId"u8) ?? string.Empty,
            OpenedAt = e.Timestamp,
        };
        _byId[id] = finding;
        _openByKey[key] = finding;
    }

    private void Close(in StoredEvent e)
    {
        var id = e.Metadata.Text("findingId"u8) ?? e.EntityId;
        if (!_byId.TryGetValue(id, out var finding) || !finding.IsOpen)
        {
            return;
        }

        finding.ClosedAt = e.Timestamp;
        finding.ClosedReason = e.Metadata.Text("reason"u8) ?? FindingEvents.Cleared;
        finding.ClosedByRun = e.Metadata.Text("reviewRunId"u8);
        _openByKey.Remove(finding.Key);
        _closedOrder.Enqueue(id);
        while (_closedOrder.Count > MaxClosedKept)
        {
            _byId.Remove(_closedOrder.Dequeue());
        }
    }
}
