using System.Text.Json;

namespace Observability.Ingestion.Events;

/// <summary>
/// One validated event: seed 000's <c>PipelineEvent</c> envelope plus whatever the catalogue and
/// <c>metadata</c> carry. Owns the parsed JSON, so dispose it after projecting.
/// </summary>
public sealed class PipelineEvent : IDisposable
{
    private readonly JsonDocument _document;

    internal PipelineEvent(JsonDocument document, EventEnvelope envelope)
    {
        _document = document;
        Envelope = envelope;
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

    /// <summary>A metadata string, or null.</summary>
    public string? MetadataString(string name) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A metadata number, or null.</summary>
    public double? MetadataNumber(string name) =>
        Metadata(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A metadata boolean, or null.</summary>
    public bool? MetadataBoolean(string name) =>
        Metadata(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private bool Metadata(string name, out JsonElement value)
    {
        value = default;
        return Root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty(name, out value);
    }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();
}
