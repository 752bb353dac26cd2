using System.Text;
using Observability.Events;
using Observability.Experiments.Declarations;

namespace Observability.Experiments.Goals;

/// <summary>
/// One goal's fold: the units of its backlog in the order they appeared, which are done, and when each was done (for
/// throughput). A unit joins the backlog when one of its events carries <c>metadata.goal</c> = the goal's name or
/// matches the goal's filter, and never leaves it.
/// </summary>
internal sealed class GoalState
{
    private static readonly byte[] GoalKey = "goal"u8.ToArray();
    private readonly byte[] _name;
    private readonly (byte[] Key, byte[] Value)[] _filter;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public GoalState(Goal definition, DateTimeOffset? declaredAt)
    {
        Definition = definition;
        DeclaredAt = declaredAt;
        _name = Encoding.UTF8.GetBytes(definition.Name);
        _filter = [.. definition.Filter.Select(p => (Encoding.UTF8.GetBytes(p.Key), Encoding.UTF8.GetBytes(p.Value)))];
    }

    public Goal Definition { get; }

    /// <summary>When the declaration event was stored; null for a goal declared in configuration.</summary>
    public DateTimeOffset? DeclaredAt { get; }

    public List<string> Units { get; } = [];

    public List<bool> Done { get; } = [];

    public List<DateTimeOffset> DoneAt { get; } = [];

    /// <summary>Per unit, for a metric goal: whether it finished (completed or failed; merged).</summary>
    public List<bool> Finished { get; } = [];

    /// <summary>Per unit, for a metric goal: whether it counts for the rate (completed successfully; merged at the first attempt).</summary>
    public List<bool> Succeeded { get; } = [];

    /// <summary>When a unit of the backlog last finished, for a metric goal's progress.</summary>
    public DateTimeOffset? LastFinishedAt { get; set; }

    /// <summary>The time of the first event of the backlog.</summary>
    public DateTimeOffset? FirstSeen { get; set; }

    public void Apply(in StoredEvent e, UnitKind kind, bool done, bool finished = false, bool succeeded = false)
    {
        if (kind != Definition.Units)
        {
            return;
        }

        if (!_index.TryGetValue(e.EntityId, out var index))
        {
            if (!Belongs(e))
            {
                return;
            }

            index = Units.Count;
            _index.Add(e.EntityId, index);
            Units.Add(e.EntityId);
            Done.Add(false);
            Finished.Add(false);
            Succeeded.Add(false);
            FirstSeen ??= e.Timestamp;
        }

        // A unit's first finish decides the rate: a task that failed and later completed is not a success on its
        // first try, and a merge is merged once.
        if (finished && !Finished[index])
        {
            Finished[index] = true;
            Succeeded[index] = succeeded;
            LastFinishedAt = LastFinishedAt is { } last && last > e.Timestamp ? last : e.Timestamp;
        }

        if (done && !Done[index])
        {
            Done[index] = true;
            DoneAt.Add(e.Timestamp);
        }
    }

    public void Restore(string unit, bool done, bool finished, bool succeeded)
    {
        _index.Add(unit, Units.Count);
        Units.Add(unit);
        Done.Add(done);
        Finished.Add(finished);
        Succeeded.Add(succeeded);
    }

    private bool Belongs(in StoredEvent e)
    {
        var metadata = e.Metadata;
        if (metadata.StringEquals(GoalKey, _name))
        {
            return true;
        }

        if (_filter.Length == 0)
        {
            return false;
        }

        foreach (var (key, value) in _filter)
        {
            if (!metadata.StringEquals(key, value))
            {
                return false;
            }
        }

        return true;
    }
}
