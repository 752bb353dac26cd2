using Observability.Events;
using Observability.Projections;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// Review rounds of work items that have not merged yet: per <c>entityId</c>, how many <c>workitem:reviewed</c> verdicts
/// sent the work back (any verdict but <c>approved</c>). A merge from a webhook takes its attempts from it
/// (1 + rounds), because neither GitHub's nor GitLab's merge payload says how many rounds a change went through.
/// </summary>
/// <remarks>
/// A merge forgets its work item, so the state holds open work only; at most <see cref="MaxOpenWorkItems"/> are
/// remembered (a work item first reviewed beyond that merges with attempts 1 and is counted in
/// <see cref="Untracked"/>). Reviews are counted in log order, whoever stored them.
/// </remarks>
internal sealed class ReviewRoundsView : IProjection
{
    /// <summary>Cap on remembered open work items.</summary>
    public const int MaxOpenWorkItems = 100_000;

    private readonly Dictionary<string, int> _rounds = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "review-rounds";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => string.Empty;

    /// <summary>Review verdicts not remembered because <see cref="MaxOpenWorkItems"/> work items were open.</summary>
    public long Untracked { get; private set; }

    /// <summary>Open work items remembered.</summary>
    public int Open => _rounds.Count;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case "workitem:reviewed" when e.Metadata.Text("verdict"u8) is { } verdict && verdict != "approved":
                if (_rounds.TryGetValue(e.EntityId, out var rounds))
                {
                    _rounds[e.EntityId] = rounds + 1;
                }
                else if (_rounds.Count < MaxOpenWorkItems)
                {
                    _rounds[e.EntityId] = 1;
                }
                else
                {
                    Untracked++;
                }

                break;
            case "workitem:merged":
                _rounds.Remove(e.EntityId);
                break;
        }
    }

    /// <summary>The attempts a merge of <paramref name="entityId"/> took: 1 and a round per verdict that sent it back.</summary>
    public int Attempts(string entityId) => 1 + Math.Min(_rounds.GetValueOrDefault(entityId), 999);

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Untracked);
        writer.Write(_rounds.Count);
        foreach (var (entity, rounds) in _rounds)
        {
            writer.Write(entity);
            writer.Write(rounds);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Untracked = reader.ReadInt64();
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            _rounds[reader.ReadString()] = reader.ReadInt32();
        }
    }
}
