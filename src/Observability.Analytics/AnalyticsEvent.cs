using System.Text.Json;
using Observability.Shared;

namespace Observability.Analytics;

/// <summary>
/// A stored event as the analytics see it: the envelope fields parsed, the rest left in <see cref="Metadata"/>.
/// The ingestion API validated it before it was stored, so the envelope is known to be well formed.
/// </summary>
public sealed class AnalyticsEvent
{
    /// <summary>The record's sequence number in the log (its position, so a total order).</summary>
    public required long Sequence { get; init; }

    /// <summary>The event id (unique in the log: duplicates are refused at ingestion).</summary>
    public required string Id { get; init; }

    /// <summary>When the event happened, as the sender stated it.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary><c>entity:action</c>, for example <c>task:completed</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The entity type (seed 000), when given.</summary>
    public string? EntityType { get; init; }

    /// <summary>The entity id (task, chain, work item, run…), when given.</summary>
    public string? EntityId { get; init; }

    /// <summary>The chain the entity belongs to (seed 000), when given.</summary>
    public string? ChainId { get; init; }

    /// <summary>The request the entity belongs to (seed 000), when given.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>agent.model</c>, when given.</summary>
    public string? Model { get; init; }

    /// <summary><c>agent.role</c>, when given.</summary>
    public string? Role { get; init; }

    /// <summary><c>agent.tokens.input</c>, when given.</summary>
    public long? InputTokens { get; init; }

    /// <summary><c>agent.tokens.output</c>, when given.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>The <c>metadata</c> object (an empty object when absent); valid only during <see cref="IAnalyticsView.Apply"/>.</summary>
    public required JsonElement Metadata { get; init; }

    /// <summary>A metadata string, or null when absent or not a string.</summary>
    public string? MetadataString(string name) =>
        Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>
    /// A metadata number, or null when absent, not a number, or beyond the field's documented maximum
    /// (<see cref="NumberLimits.MaxOf"/>): ingestion refuses such values, so only a log written before the bounds holds
    /// one, and it is left out rather than summed into a report that could no longer be written as JSON.
    /// </summary>
    public double? MetadataNumber(string name) =>
        Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetDouble(out var number) && Math.Abs(number) <= NumberLimits.MaxOf(name)
            ? number
            : null;

    /// <summary>A metadata boolean, or null when absent or not a boolean.</summary>
    public bool? MetadataBoolean(string name) =>
        Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;
}
