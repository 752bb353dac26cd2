using Observability.Events;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using Observability.Projections;

namespace Observability.Ingestion.Projection;

/// <summary>
/// Task outcomes, as the opencode metrics contract reports them: the 24-hour summary of <c>/health</c>
/// (<see cref="TaskDailySummary"/>) and <c>ai_success_rate{agent_type}</c>, successful outcomes over all outcomes among
/// each agent type's last <see cref="SuccessWindow"/> (a count window, not a time window, so replaying the log gives the
/// same value). <c>task:completed</c> is a success unless <c>metadata.success</c> is false; <c>task:failed</c> a failure.
/// </summary>
internal sealed class TaskOutcomesProjection(GaugeFamily? successRate) : IProjection
{
    public const int SuccessWindow = 100;

    private readonly Dictionary<string, RingWindow> _byAgent = new(StringComparer.Ordinal);

    // Open task starts, for an outcome's duration when it states none (as derived.durationSeconds is).
    private readonly Dictionary<string, DateTimeOffset> _starts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "task-outcomes";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Settings => successRate is null ? "no-success-rate" : "success-rate";

    /// <summary>Task outcomes of the last 24 hours, for /health.</summary>
    public TaskDailySummary Daily { get; } = new();

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case "task:started":
                _starts[e.EntityId] = e.Timestamp;
                return;
            case "task:completed" or "task:failed":
                break;
            default:
                return;
        }

        var given = e.Metadata.Number("durationSeconds"u8) is { } d && d <= NumberLimits.MaxDurationSeconds ? d : (double?)null;
        double? since = _starts.Remove(e.EntityId, out var started) && e.Timestamp >= started ? (e.Timestamp - started).TotalSeconds : null;
        if (DerivationState.Success(e) is not { } success)
        {
            return;
        }

        var agentType = e.Metadata.Text("agentType"u8) ?? e.Role ?? "unknown";
        if (successRate is not null)
        {
            if (!_byAgent.TryGetValue(agentType, out var ring))
            {
                _byAgent[agentType] = ring = new RingWindow(SuccessWindow);
            }

            ring.Add(success);
            successRate.WithLabels(agentType).Set(ring.Rate!.Value);
        }

        Daily.Record(e.Timestamp, success, given ?? since);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Daily.WriteTo(writer);
        writer.Write(_byAgent.Count);
        foreach (var (agent, ring) in _byAgent)
        {
            writer.Write(agent);
            ring.WriteTo(writer);
        }

        writer.Write(_starts.Count);
        foreach (var (task, at) in _starts)
        {
            writer.Write(task);
            writer.Write(at.UtcTicks);
            writer.Write((short)at.Offset.TotalMinutes);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Daily.ReadFrom(reader);
        _byAgent.Clear();
        _starts.Clear();
        var agents = reader.ReadInt32();
        for (var i = 0; i < agents; i++)
        {
            _byAgent[reader.ReadString()] = RingWindow.ReadFrom(reader, SuccessWindow);
        }

        var starts = reader.ReadInt32();
        for (var i = 0; i < starts; i++)
        {
            var task = reader.ReadString();
            var ticks = reader.ReadInt64();
            var offset = TimeSpan.FromMinutes(reader.ReadInt16());
            _starts[task] = new DateTimeOffset(ticks + offset.Ticks, offset);
        }
    }
}
