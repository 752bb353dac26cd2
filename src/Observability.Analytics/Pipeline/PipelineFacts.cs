using System.Runtime.InteropServices;
using Observability.Events;
using Observability.Projections;

namespace Observability.Analytics.Pipeline;

/// <summary>
/// Keeps every task, chain and request event of the log as a compact <see cref="PipelineFact"/>, in log order: the
/// facts ADR-009's summary and the pipeline-observability contract's agent metrics are computed from at query time, so
/// the order events arrive in does not matter (a completion stored before its start still pairs with it) and any past
/// moment or window can be answered.
/// </summary>
/// <remarks>A projection: mutated only by the host's thread, read only through <see cref="ProjectionHost.Read{T}"/>.</remarks>
public sealed class PipelineFacts : IProjection
{
    private readonly FactList _facts = new();

    // Few task events report a cost, so it is kept beside the facts by fact index rather than in every fact.
    private readonly Dictionary<int, double> _reportedCosts = [];

    internal Interner Tasks { get; } = new();

    internal Interner Chains { get; } = new();

    internal Interner Requests { get; } = new();

    internal Interner Models { get; } = new();

    internal Interner TaskTypes { get; } = new();

    internal Interner Executors { get; } = new();

    /// <inheritdoc />
    public string Name => "pipeline-facts";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => string.Empty;

    /// <summary>How many facts are kept.</summary>
    public int Count => _facts.Count;

    /// <summary>The log sequence of the last fact, or -1.</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>How many times a state was restored: with <see cref="Count"/>, what cached answers are valid for (a refresh restores the same count).</summary>
    internal long Restores { get; private set; }

    internal FactList Facts => _facts;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        if (KindOf(e) is not { } kind)
        {
            return;
        }

        var entities = kind switch
        {
            <= FactKind.TaskRework => Tasks,
            FactKind.ChainCreated or FactKind.ChainCompleted => Chains,
            _ => Requests,
        };
        var isTask = kind <= FactKind.TaskRework;
        var metadata = e.Metadata;
        var fact = new PipelineFact(
            e.Timestamp.UtcTicks,
            kind,
            entities.Intern(e.EntityId),
            isTask ? Chains.Intern(e.ChainId) : -1,
            Models.Intern(e.Model),
            isTask ? TaskTypes.Intern(metadata.Text("taskType"u8)) : -1,
            isTask ? Executors.Intern(metadata.Text("executor"u8)) : -1,
            metadata.Bounded("durationSeconds") ?? double.NaN,
            Clamp(e.TokensInput),
            Clamp(e.TokensOutput));
        if (isTask && metadata.Bounded("costUsd") is { } cost)
        {
            _reportedCosts[Count] = cost;
        }

        _facts.Add(fact);
        LastSequence = e.Sequence;
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Count);
        writer.Write(LastSequence);
        for (var i = 0; i < _facts.ChunkCount; i++)
        {
            writer.Write(MemoryMarshal.AsBytes(_facts.Chunk(i)));
        }

        writer.Write(_reportedCosts.Count);
        foreach (var (index, cost) in _reportedCosts)
        {
            writer.Write(index);
            writer.Write(cost);
        }

        foreach (var interner in Interners())
        {
            interner.WriteTo(writer);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"The snapshot holds {count} pipeline facts.");
        }

        LastSequence = reader.ReadInt64();
        Restores++;
        _facts.Load(reader.BaseStream, count);

        _reportedCosts.Clear();
        var costs = reader.ReadInt32();
        for (var i = 0; i < costs; i++)
        {
            _reportedCosts[reader.ReadInt32()] = reader.ReadDouble();
        }

        foreach (var interner in Interners())
        {
            interner.ReadFrom(reader);
        }
    }

    /// <summary>The <c>metadata.costUsd</c> of the fact at <paramref name="index"/>, when its event reported one.</summary>
    internal double? ReportedCost(int index) => _reportedCosts.TryGetValue(index, out var cost) ? cost : null;

    private Interner[] Interners() => [Tasks, Chains, Requests, Models, TaskTypes, Executors];

    private static FactKind? KindOf(in StoredEvent e) => e.EventType switch
    {
        "task:created" => FactKind.TaskCreated,
        "task:started" => FactKind.TaskStarted,
        "task:completed" => e.Metadata.Boolean("success"u8) == false ? FactKind.TaskCompletedUnsuccessfully : FactKind.TaskCompleted,
        "task:failed" => FactKind.TaskFailed,
        "task:rework" => FactKind.TaskRework,
        "chain:created" => FactKind.ChainCreated,
        "chain:completed" => FactKind.ChainCompleted,
        "request:created" => FactKind.RequestCreated,
        "request:closed" => FactKind.RequestClosed,
        _ => null,
    };

    // Token counts beyond int range are not realistic per event; saturating keeps the fact small.
    private static int Clamp(long? tokens) => tokens is { } t ? (int)Math.Clamp(t, 0, int.MaxValue) : 0;
}
