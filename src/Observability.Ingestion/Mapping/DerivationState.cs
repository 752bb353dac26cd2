using Observability.Events;
using Observability.Projections;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// Remembers open starts so that ends get durations: a task's cycle time from <c>task:started</c>
/// (ADR-009), a pipeline stage's from <c>pipeline:started</c>, a request's lead time from
/// <c>request:created</c>, a defect's resolution time (MTTR) from <c>defect:detected</c>. Only open
/// items are held; an end removes its start. And the work items merged: the rolling merge windows contract counts a
/// work item's first merge, so a later <c>workitem:merged</c> for the same work item and project (under another id) is a
/// repeat, not a merge.
/// </summary>
/// <remarks>Part of the metrics projection's state: mutated only by the host's thread, read under its lock.</remarks>
internal sealed class DerivationState
{
    private readonly Dictionary<(string Kind, string Id), DateTimeOffset> _starts = [];
    private readonly KeyedHashSet _merged = new();
    private readonly UsageSeries _usage = new();

    /// <summary>Items started and not yet ended.</summary>
    public int OpenItems => _starts.Count;

    /// <summary>Writes the open starts and the merged work items.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_starts.Count);
        foreach (var ((kind, id), at) in _starts)
        {
            writer.Write(kind);
            writer.Write(id);
            writer.Write(at.UtcTicks);
            writer.Write((short)at.Offset.TotalMinutes);
        }

        _merged.WriteTo(writer);
        _usage.WriteTo(writer);
    }

    /// <summary>Restores what <see cref="WriteTo"/> wrote into this fresh state.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        _starts.Clear();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var kind = string.Intern(reader.ReadString());
            var id = reader.ReadString();
            var ticks = reader.ReadInt64();
            var offset = TimeSpan.FromMinutes(reader.ReadInt16());
            _starts[(kind, id)] = new DateTimeOffset(ticks + offset.Ticks, offset);
        }

        _merged.ReadFrom(reader);
        _usage.ReadFrom(reader);
    }

    /// <summary>
    /// Keeps the state up to date with <paramref name="e"/> (starts, ends, merges, usage series) and returns its derived
    /// values; with <paramref name="values"/> false (no rule of its type reads one) only the state is kept.
    /// </summary>
    public DerivedValues Derive(in StoredEvent e, bool values = true)
    {
        var sinceStart = Track(e);
        var firstMerge = e.EventType == "workitem:merged" ? FirstMerge(e) : null;
        var usage = e.EventType == "agent:usage" ? _usage.Fold(e) : null;
        if (!values)
        {
            return default;
        }

        // Beyond its bound only in a log written before it: left out, as a mapped value beyond it is. An explicit duration
        // on the event wins over the time since its start.
        var metadata = e.Metadata;
        var explicitDuration = metadata.Number("durationSeconds"u8) is { } given && given <= NumberLimits.MaxDurationSeconds ? given : (double?)null;
        return new DerivedValues(
            explicitDuration ?? sinceStart,
            Success(e),
            metadata.Number("attempts"u8) is { } attempts ? attempts == 1 : null,
            e.TokensInput is null && e.TokensOutput is null ? null : (e.TokensInput ?? 0) + (e.TokensOutput ?? 0),
            metadata.Text("agentType"u8) ?? e.Role ?? "unknown",
            DetectionSeconds(e),
            e.EventType == "workitem:merged" ? metadata.StringEquals("finalVerdict"u8, "rebase_conflict"u8) : null,
            firstMerge,
            usage?.Delta,
            usage is { } u ? u.Reset : null);
    }

    // A start is remembered; an end takes its start (so the start is forgotten) and returns the time since it.
    private double? Track(in StoredEvent e)
    {
        switch (e.EventType)
        {
            case "task:started":
                _starts[("task", e.EntityId)] = e.Timestamp;
                break;
            case "task:completed" or "task:failed":
                return End("task", e.EntityId, e.Timestamp);
            case "pipeline:started":
                _starts[("pipeline", StageKey(e))] = e.Timestamp;
                break;
            case "pipeline:completed":
                return End("pipeline", StageKey(e), e.Timestamp);
            case "request:created":
                _starts[("request", e.EntityId)] = e.Timestamp;
                break;
            case "request:closed":
                return End("request", e.EntityId, e.Timestamp);
            case "defect:detected":
                _starts[("defect", e.EntityId)] = e.Timestamp;
                break;
            case "defect:resolved":
                return End("defect", e.EntityId, e.Timestamp);
        }

        return null;
    }

    /// <summary>
    /// The success of a task outcome by the rule every view applies: <c>task:failed</c> is a failure, <c>task:completed</c>
    /// a success unless <c>metadata.success</c> is false; any other event's <c>metadata.success</c>.
    /// </summary>
    public static bool? Success(in StoredEvent e) => e.EventType switch
    {
        "task:failed" => false,
        "task:completed" => e.Metadata.Boolean("success"u8) ?? true,
        _ => e.Metadata.Boolean("success"u8),
    };

    // The rule the rolling windows apply too: a merge counts when its attempts are usable (always, since ingestion
    // bounds them; not in a log written before) and it is the first of its work item in its project.
    private bool? FirstMerge(in StoredEvent e) =>
        e.Metadata.TryGet("attempts"u8, out var attempts) && attempts.TryGetWhole(1, NumberLimits.MaxAttempts, out _)
            ? _merged.Add(e.Metadata.Text("project"u8), e.EntityId)
            : null;

    // A pipeline run is one entity with several stages; each stage is timed on its own.
    private static string StageKey(in StoredEvent e) => e.EntityId + "\u0000" + (e.Metadata.Text("stage"u8) ?? string.Empty);

    private static double? DetectionSeconds(in StoredEvent e)
    {
        if (e.EventType != "defect:detected" || e.Metadata.Text("introducedAt"u8) is not { } text
            || !IsoTimestamp.TryParse(text, out var introduced))
        {
            return null;
        }

        var seconds = (e.Timestamp - introduced).TotalSeconds;
        return seconds >= 0 ? seconds : null;
    }

    private double? End(string kind, string id, DateTimeOffset at)
    {
        if (!_starts.Remove((kind, id), out var started))
        {
            return null;
        }

        var seconds = (at - started).TotalSeconds;

        // An end stamped before its start is a clock problem at the sender; no duration beats a negative one.
        return seconds >= 0 ? seconds : null;
    }
}
