using Observability.Events;
using Observability.Experiments.Declarations;
using Observability.Projections;

namespace Observability.Experiments.Goals;

/// <summary>
/// Every goal's backlog and progress, folded from the log: goals declared in configuration exist from the first event;
/// one declared by a <c>goal:declared</c> event gathers units from the events after it (a second declaration of a name,
/// or one that does not validate, is refused and counted). Tasks are done on a successful <c>task:completed</c>,
/// merges on <c>workitem:merged</c>. Status and forecast depend on "now", so they are computed at query time
/// (<see cref="GoalAnswers"/>).
/// </summary>
public sealed class GoalsProjection : IProjection
{
    /// <summary>Open units listed by name in an answer; the count is always exact.</summary>
    public const int MaxOpenUnitsListed = 100;

    private readonly ExperimentsOptions _options;
    private readonly Dictionary<string, GoalState> _byName = new(StringComparer.Ordinal);
    private readonly List<GoalState> _order = [];

    /// <summary>A projection of the goals <paramref name="options"/> declares and those the log declares.</summary>
    /// <exception cref="ArgumentException">A configured goal does not validate.</exception>
    public GoalsProjection(ExperimentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        foreach (var goal in options.ValidatedGoals())
        {
            Add(new GoalState(goal, declaredAt: null));
        }
    }

    /// <inheritdoc />
    public string Name => "goals";

    /// <inheritdoc />
    public int Version => 2;

    /// <inheritdoc />
    public string Settings => _options.GoalsFingerprint();

    /// <summary>Stored declarations refused: a name declared before, or a declaration that does not validate.</summary>
    public long RefusedDeclarations { get; private set; }

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        if (e.EventType == DeclarationEvents.GoalDeclared)
        {
            Declare(e);
            return;
        }

        if (_order.Count == 0)
        {
            return;
        }

        UnitKind kind;
        bool done, finished, succeeded;
        if (e.EventType.StartsWith("task:", StringComparison.Ordinal))
        {
            kind = UnitKind.Tasks;
            done = e.EventType == "task:completed" && (e.Metadata.Boolean("success"u8) ?? true);
            finished = e.EventType is "task:completed" or "task:failed";
            succeeded = done;
        }
        else if (e.EventType.StartsWith("workitem:", StringComparison.Ordinal))
        {
            kind = UnitKind.Merges;
            done = e.EventType == "workitem:merged";
            finished = done;
            succeeded = done && e.Metadata.Number("attempts"u8) == 1;
        }
        else
        {
            return;
        }

        foreach (var goal in _order)
        {
            goal.Apply(e, kind, done, finished, succeeded);
        }
    }

    /// <summary>The declaration of <paramref name="name"/>, or null.</summary>
    public Goal? Find(string name) => _byName.TryGetValue(name, out var state) ? state.Definition : null;

    /// <summary>The state of <paramref name="name"/>, or null when no such goal is declared.</summary>
    internal GoalSnapshot? Snapshot(string name) => _byName.TryGetValue(name, out var state) ? Snapshot(state) : null;

    /// <summary>Every goal's state, in declaration order.</summary>
    internal IReadOnlyList<GoalSnapshot> SnapshotAll() => [.. _order.Select(Snapshot)];

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(RefusedDeclarations);
        writer.Write(_order.Count);
        foreach (var goal in _order)
        {
            var json = DeclarationJson.Write(goal.Definition.ToSpec());
            writer.Write(json.Length);
            writer.Write(json);
            StateFormat.WriteTime(writer, goal.DeclaredAt);
            StateFormat.WriteTime(writer, goal.FirstSeen);
            StateFormat.WriteTime(writer, goal.LastFinishedAt);
            writer.Write(goal.Units.Count);
            for (var i = 0; i < goal.Units.Count; i++)
            {
                writer.Write(goal.Units[i]);
                writer.Write(goal.Done[i]);
                writer.Write(goal.Finished[i]);
                writer.Write(goal.Succeeded[i]);
            }

            writer.Write(goal.DoneAt.Count);
            foreach (var at in goal.DoneAt)
            {
                StateFormat.WriteTime(writer, at);
            }
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        RefusedDeclarations = reader.ReadInt64();
        _byName.Clear();
        _order.Clear();
        var count = StateFormat.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            var json = reader.ReadBytes(StateFormat.ReadCount(reader));
            var spec = DeclarationJson.Read<GoalSpec>(json, out _);
            var definition = (spec is null ? null : GoalValidator.Validate(spec, out _))
                ?? throw new InvalidDataException("A goal in the state does not validate.");
            var goal = new GoalState(definition, StateFormat.ReadOptionalTime(reader))
            {
                FirstSeen = StateFormat.ReadOptionalTime(reader),
                LastFinishedAt = StateFormat.ReadOptionalTime(reader),
            };
            var units = StateFormat.ReadCount(reader);
            for (var u = 0; u < units; u++)
            {
                goal.Restore(reader.ReadString(), reader.ReadBoolean(), reader.ReadBoolean(), reader.ReadBoolean());
            }

            var done = StateFormat.ReadCount(reader);
            for (var d = 0; d < done; d++)
            {
                goal.DoneAt.Add(StateFormat.ReadTime(reader));
            }

            Add(goal);
        }
    }

    private static GoalSnapshot Snapshot(GoalState state)
    {
        var open = new List<string>();
        var openCount = 0;
        for (var i = 0; i < state.Units.Count; i++)
        {
            if (!state.Done[i])
            {
                openCount++;
                if (open.Count < MaxOpenUnitsListed)
                {
                    open.Add(state.Units[i]);
                }
            }
        }

        return new GoalSnapshot(
            state.Definition, state.DeclaredAt is null, state.DeclaredAt, state.FirstSeen, state.Units.Count, state.DoneAt.Count, open, openCount, [.. state.DoneAt])
        {
            Finished = state.Finished.Count(f => f),
            Succeeded = state.Succeeded.Count(s => s),
            LastFinishedAt = state.LastFinishedAt,
        };
    }

    private void Declare(in StoredEvent e)
    {
        var metadata = e.Metadata;
        var spec = metadata.IsObject ? DeclarationJson.Read<GoalSpec>(metadata.Raw, out _) : null;
        var goal = spec is null ? null : GoalValidator.Validate(spec, out _);
        if (goal is null || _byName.ContainsKey(goal.Name))
        {
            RefusedDeclarations++;
            return;
        }

        Add(new GoalState(goal, e.Timestamp));
    }

    private void Add(GoalState state)
    {
        _byName.Add(state.Definition.Name, state);
        _order.Add(state);
    }
}
