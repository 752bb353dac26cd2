using Observability.Events;
using Observability.Experiments.Declarations;

namespace Observability.Experiments.Experiments;

/// <summary>
/// Turns events into finished units: remembers what a unit's finishing event needs from before it (when a task or run
/// started, whether a task was reworked or had a human step in) and answers, for a finishing event, the unit's kind,
/// id and <see cref="UnitOutcome"/>. Forgets a unit once it finishes, so it holds open units only.
/// </summary>
internal sealed class UnitTracker
{
    private readonly Dictionary<string, DateTimeOffset> _taskStarts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _runStarts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reworked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _intervened = new(StringComparer.Ordinal);

    /// <summary>Folds <paramref name="e"/> in; true when it finishes a unit, described by the out values.</summary>
    public bool Observe(in StoredEvent e, out UnitKind kind, out UnitOutcome outcome)
    {
        kind = default;
        outcome = default;
        switch (e.EventType)
        {
            case "task:started":
                _taskStarts[e.EntityId] = e.Timestamp;
                return false;
            case "task:rework":
                _reworked.Add(e.EntityId);
                return false;
            case "human:intervention":
                _intervened.Add(e.EntityId);
                return false;
            case "task:completed" or "task:failed":
                kind = UnitKind.Tasks;
                outcome = Task(e);
                return true;
            case "ws:execution":
                return Run(e, out kind, out outcome);
            case "workitem:merged":
                var attempts = e.Metadata.Number("attempts"u8);
                if (attempts is not { } a || a < 1)
                {
                    return false;
                }

                kind = UnitKind.Merges;
                outcome = new UnitOutcome(a == 1, a == 1, a > 1, false, e.Metadata.Bounded("durationSeconds"), e.Metadata.Bounded("costUsd"), Tokens(e));
                return true;
            default:
                return false;
        }
    }

    private UnitOutcome Task(in StoredEvent e)
    {
        var metadata = e.Metadata;
        double? since = _taskStarts.Remove(e.EntityId, out var started) && e.Timestamp >= started ? (e.Timestamp - started).TotalSeconds : null;

        // The rule every view applies: task:failed fails, task:completed succeeds unless metadata.success is false.
        var succeeded = e.EventType == "task:completed" && (metadata.Boolean("success"u8) ?? true);
        return new UnitOutcome(
            succeeded,
            false,
            _reworked.Remove(e.EntityId),
            _intervened.Remove(e.EntityId),
            metadata.Bounded("durationSeconds") ?? since,
            metadata.Bounded("costUsd"),
            Tokens(e));
    }

    private bool Run(in StoredEvent e, out UnitKind kind, out UnitOutcome outcome)
    {
        kind = UnitKind.Runs;
        outcome = default;
        var metadata = e.Metadata;
        var status = metadata.Text("status"u8);
        if (status == "STARTED")
        {
            _runStarts.TryAdd(e.EntityId, e.Timestamp);
            return false;
        }

        if (status is not ("COMPLETED" or "FAILED" or "HARD_STOP"))
        {
            return false;
        }

        DateTimeOffset? started = metadata.Text("startedAt"u8) is { } text && IsoTimestamp.TryParse(text, out var at) ? at
            : _runStarts.Remove(e.EntityId, out var seen) ? seen : null;
        double? since = started is { } s && e.Timestamp >= s ? (e.Timestamp - s).TotalSeconds : null;
        var rework = metadata.Number("reworkCycles"u8) is > 0;
        outcome = new UnitOutcome(status == "COMPLETED", false, rework, false, metadata.Bounded("durationSeconds") ?? since, metadata.Bounded("costUsd"), Tokens(e));
        return true;
    }

    private static double? Tokens(in StoredEvent e) =>
        e.TokensInput is null && e.TokensOutput is null ? null : (e.TokensInput ?? 0) + (e.TokensOutput ?? 0);

    public void WriteTo(BinaryWriter writer)
    {
        WriteTimes(writer, _taskStarts);
        WriteTimes(writer, _runStarts);
        WriteSet(writer, _reworked);
        WriteSet(writer, _intervened);
    }

    public void ReadFrom(BinaryReader reader)
    {
        ReadTimes(reader, _taskStarts);
        ReadTimes(reader, _runStarts);
        ReadSet(reader, _reworked);
        ReadSet(reader, _intervened);
    }

    private static void WriteTimes(BinaryWriter writer, Dictionary<string, DateTimeOffset> times)
    {
        writer.Write(times.Count);
        foreach (var (key, at) in times)
        {
            writer.Write(key);
            StateFormat.WriteTime(writer, at);
        }
    }

    private static void ReadTimes(BinaryReader reader, Dictionary<string, DateTimeOffset> times)
    {
        times.Clear();
        var count = StateFormat.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            times[reader.ReadString()] = StateFormat.ReadTime(reader);
        }
    }

    private static void WriteSet(BinaryWriter writer, HashSet<string> set)
    {
        writer.Write(set.Count);
        foreach (var key in set)
        {
            writer.Write(key);
        }
    }

    private static void ReadSet(BinaryReader reader, HashSet<string> set)
    {
        set.Clear();
        var count = StateFormat.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            set.Add(reader.ReadString());
        }
    }
}
