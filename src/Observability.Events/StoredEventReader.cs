using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// The one reader of stored events: a single forward <see cref="Utf8JsonReader"/> pass over the record collects the
/// envelope's fields and a table of the metadata's properties, then the envelope rules decide. Ingestion reads what it
/// is sent with it (strictly: the rules of a new event), replay and every view read the log with it (as stored: what
/// the rules were when the event was accepted).
/// </summary>
/// <remarks>
/// A property given twice counts with its last value; a value of the wrong kind is a problem, never skipped silently;
/// an escaped property name is compared by its unescaped text. Repeating strings (types, models, roles) are the same
/// instance for every event; ids are decoded only when asked for.
/// </remarks>
public static partial class StoredEventReader
{
    /// <summary>
    /// Reads a stored record by the rules of the log: false when it is not an event the ingestion API could have stored
    /// (not JSON, not an object, an envelope field missing or malformed).
    /// </summary>
    /// <param name="payload">The record's bytes; <paramref name="e"/> borrows them.</param>
    /// <param name="sequence">The record's sequence number.</param>
    /// <param name="e">The event.</param>
    /// <param name="table">Where the metadata's properties go; null for a table of the event's own.</param>
    public static bool TryRead(ReadOnlyMemory<byte> payload, long sequence, out StoredEvent e, PropertyTable? table = null)
    {
        try
        {
            return Read(payload, sequence, strict: false, table, out e, out _) is null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid Unicode (a lone surrogate) cannot be text.
            e = default;
            return false;
        }
    }

    /// <summary>
    /// Reads an event sent for storing, by the rules for a new event: the envelope strictly (<c>entityType</c> must be
    /// the event type's entity, token counts within their bound); the catalogue's fields are the caller's to check.
    /// </summary>
    /// <param name="payload">The event's bytes; <paramref name="e"/> borrows them.</param>
    /// <param name="e">The event when valid; its sequence is -1 until it is stored.</param>
    /// <param name="id">The event's id when it had a readable one, valid or not (for the answer).</param>
    /// <param name="table">Where the metadata's properties go; null for a table of the event's own.</param>
    /// <returns>Null when valid, else the first problem in envelope order.</returns>
    /// <exception cref="JsonException">The bytes are not one well-formed JSON value.</exception>
    /// <exception cref="InvalidOperationException">A string escape is not valid Unicode.</exception>
    public static ValidationError? Validate(ReadOnlyMemory<byte> payload, out StoredEvent e, out string? id, PropertyTable? table = null) =>
        Read(payload, -1, strict: true, table, out e, out id);

    private static ValidationError? Read(ReadOnlyMemory<byte> payload, long sequence, bool strict, PropertyTable? table, out StoredEvent e, out string? id)
    {
        e = default;
        id = null;
        var span = payload.Span;
        var reader = new Utf8JsonReader(span);
        if (!reader.Read())
        {
            throw new JsonException("The record holds no JSON value.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = reader.TokenType;
            reader.Skip();
            EnsureEnd(ref reader);
            return NotAnObject(kind);
        }

        var fields = default(Envelope);
        var properties = table ?? new PropertyTable();
        var chunk = properties.Begin(out var tableStart);
        var tableCount = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader, EnvelopeNames.Root);
            reader.Read();
            switch (name)
            {
                case EnvelopeNames.Id: fields.Id = Field.Of(ref reader); break;
                case EnvelopeNames.Timestamp: fields.Timestamp = Field.Of(ref reader); break;
                case EnvelopeNames.EventType: fields.EventType = Field.Of(ref reader); break;
                case EnvelopeNames.EntityType: fields.EntityType = Field.Of(ref reader); break;
                case EnvelopeNames.EntityId: fields.EntityId = Field.Of(ref reader); break;
                case EnvelopeNames.ChainId: fields.ChainId = Field.Of(ref reader); break;
                case EnvelopeNames.RequestId: fields.RequestId = Field.Of(ref reader); break;
                case EnvelopeNames.Agent: ReadAgent(ref reader, ref fields); break;
                case EnvelopeNames.Metadata:
                    properties.Rewind(tableStart);
                    chunk = properties.Begin(out tableStart);
                    tableCount = 0;
                    fields.Metadata = reader.TokenType == JsonTokenType.StartObject
                        ? ReadMetadata(ref reader, properties, ref chunk, ref tableStart, ref tableCount)
                        : Field.Of(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        EnsureEnd(ref reader);
        return Finish(payload, sequence, strict, ref fields, properties, chunk, tableStart, tableCount, out e, out id);
    }

    // The envelope's rules over the fields found, then the event: the same for the fields a layout gives.
    private static ValidationError? Finish(
        ReadOnlyMemory<byte> payload, long sequence, bool strict, ref Envelope fields, PropertyTable properties, MetadataProperty[] chunk,
        int tableStart, int tableCount, out StoredEvent e, out string? id)
    {
        e = default;
        id = null;
        var span = payload.Span;
        if (fields.Id.Kind == JsonTokenType.String)
        {
            id = fields.Id.Text(span, cached: false);
        }

        if (Check(span, strict, ref fields, properties, out var envelope) is { } problem)
        {
            return problem;
        }

        e = new StoredEvent(
            sequence, payload, fields.Id.Escaped ? id : null, fields.Id.Start, fields.Id.Length, envelope.Timestamp, envelope.EventType,
            envelope.EntityType, envelope.EntityId, envelope.ChainId, envelope.RequestId, envelope.Model, envelope.Role, envelope.TokensInput,
            envelope.TokensOutput, fields.Metadata.Kind == JsonTokenType.StartObject ? fields.Metadata.Start : 0,
            fields.Metadata.Kind == JsonTokenType.StartObject ? fields.Metadata.Length : 0, chunk, tableStart, tableCount,
            fields.Agent.Kind == JsonTokenType.StartObject ? fields.Agent.Start : 0, fields.Agent.Kind == JsonTokenType.StartObject ? fields.Agent.Length : 0);
        return null;
    }

    // The value must be the whole record: data after it is not something the ingestion API stores.
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("The record holds data after its JSON value.");
        }
    }

    private static void ReadAgent(ref Utf8JsonReader reader, ref Envelope fields)
    {
        // A second agent replaces the first whole, as a second value of any property does.
        fields.Agent = Field.Of(ref reader, skip: false);
        fields.Model = fields.Role = fields.Tokens = fields.TokensInput = fields.TokensOutput = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader, EnvelopeNames.AgentFields);
            reader.Read();
            switch (name)
            {
                case EnvelopeNames.AgentModel: fields.Model = Field.Of(ref reader); break;
                case EnvelopeNames.AgentRole: fields.Role = Field.Of(ref reader); break;
                case EnvelopeNames.AgentTokens:
                    fields.Tokens = Field.Of(ref reader, skip: false);
                    fields.TokensInput = fields.TokensOutput = default;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        break;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var token = Name(ref reader, EnvelopeNames.TokenFields);
                        reader.Read();
                        switch (token)
                        {
                            case 0: fields.TokensInput = Field.Of(ref reader); break;
                            case 1: fields.TokensOutput = Field.Of(ref reader); break;
                            default: reader.Skip(); break;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // Where the object ends too: a lookup of another agent property reads only the object, not the whole record.
        fields.Agent.Length = (int)reader.BytesConsumed - fields.Agent.Start;
    }

    private static Field ReadMetadata(
        ref Utf8JsonReader reader, PropertyTable table, ref MetadataProperty[] chunk, ref int start, ref int count)
    {
        var objectStart = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex + 1;
            var nameLength = reader.ValueSpan.Length;
            var nameEscaped = reader.ValueIsEscaped;
            reader.Read();
            var value = Field.Of(ref reader);
            chunk = table.Add(chunk, ref start, count, new MetadataProperty(nameStart, nameLength, nameEscaped, value.Start, value.Length, value.Kind, value.Escaped));
            count++;
        }

        return new Field { Kind = JsonTokenType.StartObject, Start = objectStart, Length = (int)reader.BytesConsumed - objectStart };
    }

    /// <summary>The value the reader is on, as a scalar over <paramref name="json"/>; an object or array is skipped whole.</summary>
    internal static JsonScalar ScalarAt(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var field = Field.Of(ref reader);
        return new JsonScalar(json.Slice(field.Start, field.Length), field.Kind, field.Escaped);
    }

    // The index of the current property name in names, or -1.
    private static int Name(ref Utf8JsonReader reader, byte[][] names)
    {
        if (reader.ValueIsEscaped)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        return EnvelopeNames.IndexOf(reader.ValueSpan, names);
    }

    /// <summary>Where one value sits in the record, and its kind; <see cref="JsonTokenType.None"/> when absent.</summary>
    private struct Field
    {
        public int Start;
        public int Length;
        public JsonTokenType Kind;
        public bool Escaped;

        public static Field Of(ref Utf8JsonReader reader, bool skip = true)
        {
            var field = new Field { Kind = reader.TokenType, Start = (int)reader.TokenStartIndex };
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    field.Start++;
                    field.Length = reader.ValueSpan.Length;
                    field.Escaped = reader.ValueIsEscaped;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (skip)
                    {
                        reader.Skip();
                        field.Length = (int)reader.BytesConsumed - field.Start;
                    }

                    break;
                default:
                    field.Length = reader.ValueSpan.Length;
                    break;
            }

            return field;
        }

        public readonly JsonScalar Scalar(ReadOnlySpan<byte> payload) => new(payload.Slice(Start, Length), Kind, Escaped);

        public readonly string? Text(ReadOnlySpan<byte> payload, bool cached) =>
            cached ? Scalar(payload).GetCachedString() : Scalar(payload).GetString();
    }

    /// <summary>The envelope's fields as found; the last of a repeated property counts.</summary>
    private struct Envelope
    {
        public Field Id;
        public Field Timestamp;
        public Field EventType;
        public Field EntityType;
        public Field EntityId;
        public Field ChainId;
        public Field RequestId;
        public Field Agent;
        public Field Model;
        public Field Role;
        public Field Tokens;
        public Field TokensInput;
        public Field TokensOutput;
        public Field Metadata;
    }
}
