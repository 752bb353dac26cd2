using System.Collections.Concurrent;
using Observability.Ingestion.Events;
using Observability.Shared;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// Remembers open starts so that ends get durations: a task's cycle time from <c>task:started</c>
/// (seed 000), a pipeline stage's from <c>pipeline:started</c>, a request's lead time from
/// <c>request:created</c>, a defect's resolution time (MTTR) from <c>defect:detected</c>. Only open
/// items are held; an end removes its start. And the work items merged: seed 004 counts a work item's first merge, so
/// a later <c>workitem:merged</c> for the same work item and project (under another id) is a repeat, not a merge.
/// </summary>
internal sealed class DerivationState
{
    private readonly ConcurrentDictionary<(string Kind, string Id), DateTimeOffset> _starts = new();
    private readonly HashSet<string> _merged = new(StringComparer.Ordinal);

    /// <summary>Items started and not yet ended.</summary>
    public int OpenItems => _starts.Count;

    /// <summary>Writes the open starts; call only while nothing is being ingested.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        var starts = _starts.ToArray();
        writer.Write(starts.Length);
        foreach (var ((kind, id), at) in starts)
        {
            writer.Write(kind);
            writer.Write(id);
            writer.Write(at.UtcTicks);
            writer.Write((short)at.Offset.TotalMinutes);
        }

        writer.Write(_merged.Count);
        foreach (var key in _merged)
        {
            writer.Write(key);
        }
    }

    /// <summary>Adds the open starts written by <see cref="WriteTo"/>.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var kind = string.Intern(reader.ReadString());
            var id = reader.ReadString();
            var ticks = reader.ReadInt64();
            var offset = TimeSpan.FromMinutes(reader.ReadInt16());
            _starts[(kind, id)] = new DateTimeOffset(ticks + offset.Ticks, offset);
        }

        var merged = reader.ReadInt32();
        for (var i = 0; i < merged; i++)
        {
            _merged.Add(reader.ReadString());
        }
    }

    public DerivedValues Derive(PipelineEvent e)
    {
        var envelope = e.Envelope;
        // Beyond its bound only in a log written before it: left out, as a mapped value beyond it is.
        var explicitDuration = e.MetadataNumber("durationSeconds"u8) is { } given && given <= NumberLimits.MaxDurationSeconds ? given : (double?)null;
        double? duration = explicitDuration;
        switch (envelope.EventType)
        {
            case "task:started":
                _starts[("task", envelope.EntityId)] = envelope.Timestamp;
                break;
            case "task:completed" or "task:failed":
                duration = Prefer(explicitDuration, End("task", envelope.EntityId, envelope.Timestamp));
                break;
            case "pipeline:started":
                _starts[("pipeline", StageKey(e))] = envelope.Timestamp;
                break;
            case "pipeline:completed":
                duration = Prefer(explicitDuration, End("pipeline", StageKey(e), envelope.Timestamp));
                break;
            case "request:created":
                _starts[("request", envelope.EntityId)] = envelope.Timestamp;
                break;
            case "request:closed":
                duration = Prefer(explicitDuration, End("request", envelope.EntityId, envelope.Timestamp));
                break;
            case "defect:detected":
                _starts[("defect", envelope.EntityId)] = envelope.Timestamp;
                break;
            case "defect:resolved":
                duration = Prefer(explicitDuration, End("defect", envelope.EntityId, envelope.Timestamp));
                break;
        }

        return new DerivedValues(
            duration,
            Success(e),
            e.MetadataNumber("attempts"u8) is { } attempts ? attempts == 1 : null,
            envelope.TokensInput is null && envelope.TokensOutput is null ? null : (envelope.TokensInput ?? 0) + (envelope.TokensOutput ?? 0),
            e.MetadataString("agentType"u8) ?? envelope.Role ?? "unknown",
            DetectionSeconds(e),
            envelope.EventType == "workitem:merged" ? e.MetadataEquals("finalVerdict"u8, "rebase_conflict"u8) : null,
            envelope.EventType == "workitem:merged" ? FirstMerge(e) : null);
    }

    // The rule the rolling windows apply too: a merge counts when its attempts are usable (always, since ingestion
    // bounds them; not in a log written before) and it is the first of its work item in its project.
    private bool? FirstMerge(PipelineEvent e) =>
        e.MetadataNumber("attempts"u8) is { } attempts && NumberLimits.TryWhole(attempts, 1, NumberLimits.MaxAttempts, out _)
            ? _merged.Add((e.MetadataString("project"u8) ?? string.Empty) + "\u0000" + e.Envelope.EntityId)
            : null;

    // The end is always taken (so the start is forgotten); an explicit duration on the event wins.
    private static double? Prefer(double? explicitDuration, double? derived) => explicitDuration ?? derived;

    // A pipeline run is one entity with several stages; each stage is timed on its own.
    private static string StageKey(PipelineEvent e) => e.Envelope.EntityId + "\u0000" + (e.MetadataString("stage"u8) ?? string.Empty);

    private static bool? Success(PipelineEvent e) => e.EventType switch
    {
        "task:failed" => false,
        "task:completed" => e.MetadataBoolean("success"u8) ?? true,
        _ => e.MetadataBoolean("success"u8),
    };

    private static double? DetectionSeconds(PipelineEvent e)
    {
        if (e.EventType != "defect:detected" || e.MetadataString("introducedAt"u8) is not { } text
            || !EventValidator.TryParseTimestamp(text, out var introduced))
        {
            return null;
        }

        var seconds = (e.Timestamp - introduced).TotalSeconds;
        return seconds >= 0 ? seconds : null;
    }

    private double? End(string kind, string id, DateTimeOffset at)
    {
        if (!_starts.TryRemove((kind, id), out var started))
        {
            return null;
        }

        var seconds = (at - started).TotalSeconds;

        // An end stamped before its start is a clock problem at the sender; no duration beats a negative one.
        return seconds >= 0 ? seconds : null;
    }
}
