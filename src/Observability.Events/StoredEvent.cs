using System.Text;
using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// One event as the log stores it: the envelope's fields parsed once, and the record's bytes, which
/// <see cref="Metadata"/> and <see cref="TryGetPath"/> read on demand. Produced by <see cref="StoredEventReader"/> only,
/// for validation at ingestion, for replay, and for every reader of the log. Pass it <c>in</c>: it is a large struct.
/// </summary>
/// <remarks>
/// The payload is borrowed: it stays valid for as long as whoever read the event says (a projection's
/// <c>Apply</c>, an ingestion group). Keep strings, not the event.
/// </remarks>
public readonly struct StoredEvent
{
    private readonly string? _id;
    private readonly int _idStart;
    private readonly int _idLength;
    private readonly MetadataProperty[]? _table;
    private readonly int _tableStart;
    private readonly int _tableCount;
    private readonly int _metadataStart;
    private readonly int _metadataLength;
    private readonly long _tokensInput;
    private readonly long _tokensOutput;
    private readonly int _agentStart;
    private readonly int _agentLength;

    internal StoredEvent(
        long sequence,
        ReadOnlyMemory<byte> payload,
        string? id,
        int idStart,
        int idLength,
        DateTimeOffset timestamp,
        string eventType,
        string entityType,
        string entityId,
        string? chainId,
        string? requestId,
        string? model,
        string? role,
        long tokensInput,
        long tokensOutput,
        int metadataStart,
        int metadataLength,
        MetadataProperty[]? table,
        int tableStart,
        int tableCount,
        int agentStart,
        int agentLength)
    {
        Sequence = sequence;
        Payload = payload;
        _id = id;
        _idStart = idStart;
        _idLength = idLength;
        Timestamp = timestamp;
        EventType = eventType;
        EntityType = entityType;
        EntityId = entityId;
        ChainId = chainId;
        RequestId = requestId;
        Model = model;
        Role = role;
        _tokensInput = tokensInput;
        _tokensOutput = tokensOutput;
        _metadataStart = metadataStart;
        _metadataLength = metadataLength;
        _table = table;
        _tableStart = tableStart;
        _tableCount = tableCount;
        _agentStart = agentStart;
        _agentLength = agentLength;
    }

    private StoredEvent(in StoredEvent e, long sequence, ReadOnlyMemory<byte> payload)
        : this(
            sequence, payload, e._id, e._idStart, e._idLength, e.Timestamp, e.EventType, e.EntityType, e.EntityId, e.ChainId, e.RequestId,
            e.Model, e.Role, e._tokensInput, e._tokensOutput, e._metadataStart, e._metadataLength, e._table, e._tableStart, e._tableCount, e._agentStart,
            e._agentLength)
    {
    }

    /// <summary>The record's sequence number in the log (its position, so a total order); -1 before it is stored.</summary>
    public long Sequence { get; }

    /// <summary>The record's bytes, the event's JSON as stored.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The event id, unique in the log (the idempotency key). Decoded from the payload on each call.</summary>
    public string Id => _id ?? Encoding.UTF8.GetString(Payload.Span.Slice(_idStart, _idLength));

    /// <summary>When the event happened, as the sender stated it.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary><c>entity:action</c>, for example <c>task:completed</c> (one instance per distinct type).</summary>
    public string EventType { get; }

    /// <summary>The entity type as given, else the event type's entity (<c>task</c> for <c>task:*</c>).</summary>
    public string EntityType { get; }

    /// <summary>The task, chain, run, work item… the event is about.</summary>
    public string EntityId { get; }

    /// <summary>The chain of a task event, when given.</summary>
    public string? ChainId { get; }

    /// <summary>The linked change or feature request, when given.</summary>
    public string? RequestId { get; }

    /// <summary><c>agent.model</c>, when given.</summary>
    public string? Model { get; }

    /// <summary><c>agent.role</c>, when given.</summary>
    public string? Role { get; }

    /// <summary><c>agent.tokens.input</c>, when given within its bound.</summary>
    public long? TokensInput => _tokensInput < 0 ? null : _tokensInput;

    /// <summary><c>agent.tokens.output</c>, when given within its bound.</summary>
    public long? TokensOutput => _tokensOutput < 0 ? null : _tokensOutput;

    /// <summary>The <c>metadata</c> object, read on demand.</summary>
    public EventMetadata Metadata => new(Payload, _metadataStart, _metadataLength, _table, _tableStart, _tableCount);

    /// <summary>Whether this holds an event (false for <c>default</c>).</summary>
    public bool IsEmpty => EventType is null;

    /// <summary>The id as the UTF-8 the duplicate index hashes: its raw bytes, or those of its unescaped text.</summary>
    public int IdUtf8(Span<byte> destination)
    {
        if (_id is null)
        {
            Payload.Span.Slice(_idStart, _idLength).CopyTo(destination);
            return _idLength;
        }

        return Encoding.UTF8.GetBytes(_id, destination);
    }

    /// <summary>The most bytes <see cref="IdUtf8"/> writes.</summary>
    public int IdUtf8MaxLength => _id is null ? _idLength : Encoding.UTF8.GetMaxByteCount(_id.Length);

    /// <summary>
    /// The same event at <paramref name="sequence"/>, its bytes now <paramref name="payload"/>: a copy of the same record,
    /// laid out byte for byte as the one it was read from.
    /// </summary>
    public StoredEvent At(long sequence, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length != Payload.Length)
        {
            throw new ArgumentException("The payload is not a copy of the event's record.", nameof(payload));
        }

        return new StoredEvent(in this, sequence, payload);
    }

    /// <summary>
    /// The value at a dotted path (<c>metadata.taskType</c>, <c>agent.tokens.input</c>, <c>extra.field</c>) split into
    /// UTF-8 segments; false when absent. A property given twice counts with its last value.
    /// </summary>
    public bool TryGetPath(byte[][] segments, out JsonScalar value)
    {
        ArgumentNullException.ThrowIfNull(segments);
        value = default;
        if (segments.Length == 0)
        {
            return false;
        }

        if (segments[0].AsSpan().SequenceEqual("metadata"u8))
        {
            if (segments.Length == 1)
            {
                value = _metadataLength > 0 ? new JsonScalar(Metadata.Raw, JsonTokenType.StartObject, false) : default;
                return _metadataLength > 0;
            }

            return Metadata.TryGet(segments[1], out value) && Descend(value, segments, 2, out value);
        }

        // Below agent, read from the agent object the reader found (the last one given, as a lookup from the root finds);
        // no object there, nothing below it.
        if (segments.Length > 1 && segments[0].AsSpan().SequenceEqual("agent"u8))
        {
            return _agentLength > 0
                && Descend(new JsonScalar(Payload.Span.Slice(_agentStart, _agentLength), JsonTokenType.StartObject, false), segments, 1, out value);
        }

        var root = new JsonScalar(Payload.Span, JsonTokenType.StartObject, false);
        return Descend(root, segments, 0, out value);
    }

    // Follows segments[from..] into an object value by reading it; the last property of a repeated name wins.
    private static bool Descend(JsonScalar start, byte[][] segments, int from, out JsonScalar value)
    {
        value = start;
        for (var i = from; i < segments.Length; i++)
        {
            if (value.Kind != JsonTokenType.StartObject || !Find(value.Raw, segments[i], out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    private static bool Find(ReadOnlySpan<byte> json, scoped ReadOnlySpan<byte> name, out JsonScalar value)
    {
        value = default;
        var found = false;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(name);
            reader.Read();
            if (matches)
            {
                found = true;
                value = StoredEventReader.ScalarAt(ref reader, json);
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }
}
