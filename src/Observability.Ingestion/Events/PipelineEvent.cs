using System.Text.Json;
using Observability.Shared;

namespace Observability.Ingestion.Events;

/// <summary>
/// One validated event: seed 000's <c>PipelineEvent</c> envelope plus whatever the catalogue and
/// <c>metadata</c> carry. Owns the parsed JSON, so dispose it after projecting.
/// </summary>
public sealed class PipelineEvent : IDisposable
{
    private readonly JsonDocument _document;
    private readonly JsonElement _metadata;

    /// <param name="document">The parsed event, owned from now on.</param>
    /// <param name="envelope">Its validated envelope.</param>
    /// <param name="metadata">Its <c>metadata</c> object as the validator found it, or <c>default</c>.</param>
    internal PipelineEvent(JsonDocument document, EventEnvelope envelope, JsonElement metadata)
    {
        _document = document;
        Envelope = envelope;

        // Kept: derivation and mapping ask for several metadata fields per event.
        _metadata = metadata;
    }

    /// <summary>The envelope fields every event has.</summary>
    public EventEnvelope Envelope { get; }

    /// <summary>The event's id, its idempotency key.</summary>
    public string Id => Envelope.Id;

    /// <summary>The <c>entity:action</c> type.</summary>
    public string EventType => Envelope.EventType;

    /// <summary>When the event happened, as the sender says.</summary>
    public DateTimeOffset Timestamp => Envelope.Timestamp;

    /// <summary>The whole event as parsed.</summary>
    public JsonElement Root => _document.RootElement;

    /// <summary>Finds a field by its path segments (<c>["metadata", "taskType"]</c>); false if absent or null.</summary>
    public bool TryGet(IReadOnlyList<string> path, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);
        value = Root;
        foreach (var segment in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                return false;
            }
        }

        return value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined;
    }

    /// <summary>Finds a field by its UTF-8 path segments; false if absent or null. The fast path of mapping rules.</summary>
    internal bool TryGet(byte[][] path, out JsonElement value)
    {
        var start = 0;
        value = Root;
        if (path.Length > 0 && path[0].AsSpan().SequenceEqual("metadata"u8))
        {
            value = _metadata;
            start = 1;
        }

        for (var i = start; i < path.Length; i++)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(path[i], out value))
            {
                return false;
            }
        }

        return value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined;
    }

    /// <summary>A metadata string, or null.</summary>
    public string? MetadataString(string name) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A metadata number, or null.</summary>
    public double? MetadataNumber(string name) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A metadata boolean, or null.</summary>
    public bool? MetadataBoolean(string name) =>
        Metadata(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>A <c>metadata</c> string by its UTF-8 name; null if absent or not a string.</summary>
    internal string? MetadataString(ReadOnlySpan<byte> name) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.String ? Utf8StringCache.GetString(v) : null;

    /// <summary>A <c>metadata</c> number by its UTF-8 name; null if absent or not a number.</summary>
    internal double? MetadataNumber(ReadOnlySpan<byte> name) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A <c>metadata</c> boolean by its UTF-8 name; null if absent or not a boolean.</summary>
    internal bool? MetadataBoolean(ReadOnlySpan<byte> name) =>
        Metadata(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>Whether a <c>metadata</c> string equals <paramref name="expected"/>, without allocating it.</summary>
    internal bool MetadataEquals(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.String && v.ValueEquals(expected);

    private bool Metadata(string name, out JsonElement value)
    {
        value = default;
        return _metadata.ValueKind == JsonValueKind.Object && _metadata.TryGetProperty(name, out value);
    }

    private bool Metadata(ReadOnlySpan<byte> name, out JsonElement value)
    {
        value = default;
        return _metadata.ValueKind == JsonValueKind.Object && _metadata.TryGetProperty(name, out value);
    }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();
}
