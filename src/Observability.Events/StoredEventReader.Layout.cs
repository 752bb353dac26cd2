using System.Text.Json;

namespace Observability.Events;

/// <content>
/// An event its writer recorded the layout of (<see cref="EventLayout"/>): the envelope's fields taken from the offsets,
/// in the order and with the precedence the reader gives them, then the same rules (<c>Finish</c>, <c>Check</c>). A
/// second walk over an envelope beside the one reader, held to it by <c>StoredEventReaderLayoutTests</c> and the OTLP
/// reader's tests, which read every event both ways.
/// </content>
public static partial class StoredEventReader
{
    /// <summary>
    /// Reads an event sent for storing as <see cref="Validate(ReadOnlyMemory{byte}, out StoredEvent, out string?, PropertyTable?)"/>
    /// does, taking its properties from the layout its writer recorded rather than reading its bytes; without a layout,
    /// or with one that does not fit the bytes, by reading them.
    /// </summary>
    /// <param name="payload">The event's bytes, as written while <paramref name="layout"/> was recorded; <paramref name="e"/> borrows them.</param>
    /// <param name="layout">Where the writer put each property; null to read the bytes.</param>
    /// <param name="e">The event when valid; its sequence is -1 until it is stored.</param>
    /// <param name="id">The event's id when it had a readable one, valid or not (for the answer).</param>
    /// <param name="table">Where the metadata's properties go; null for a table of the event's own.</param>
    /// <returns>Null when valid, else the first problem in envelope order.</returns>
    /// <exception cref="JsonException">Read from its bytes: they are not one well-formed JSON value.</exception>
    /// <exception cref="InvalidOperationException">A string escape is not valid Unicode.</exception>
    public static ValidationError? Validate(
        ReadOnlyMemory<byte> payload, EventLayout? layout, out StoredEvent e, out string? id, PropertyTable? table = null)
    {
        var properties = table ?? new PropertyTable();
        var chunk = properties.Begin(out var tableStart);
        var fields = default(Envelope);
        var tableCount = 0;
        if (layout is null || !TryLay(payload.Span, layout.Entries, ref fields, properties, ref chunk, ref tableStart, ref tableCount))
        {
            properties.Rewind(tableStart);
            return Read(payload, -1, strict: true, properties, out e, out id);
        }

        return Finish(payload, -1, strict: true, ref fields, properties, chunk, tableStart, tableCount, out e, out id);
    }

    /// <summary>Whether the layout fits the bytes, so that <see cref="Validate(ReadOnlyMemory{byte}, EventLayout?, out StoredEvent, out string?, PropertyTable?)"/> builds the event from it.</summary>
    internal static bool Fits(ReadOnlySpan<byte> payload, EventLayout layout)
    {
        var table = new PropertyTable();
        var chunk = table.Begin(out var start);
        var fields = default(Envelope);
        var count = 0;
        return TryLay(payload, layout.Entries, ref fields, table, ref chunk, ref start, ref count);
    }

    // Read's switch over the entries instead of the reader's tokens: false when an entry does not fit the bytes, or an
    // object the reader looks into (agent, its tokens, metadata) was written whole, so its members are not entries.
    private static bool TryLay(
        ReadOnlySpan<byte> payload, LayoutEntry[] entries, ref Envelope fields, PropertyTable properties, ref MetadataProperty[] chunk,
        ref int tableStart, ref int tableCount)
    {
        if (payload.IsEmpty || payload[0] != '{')
        {
            return false;
        }

        var from = 1;
        for (var i = 0; i < entries.Length; from = entries[i].ValueEnd, i = entries[i].After)
        {
            if (!TryPlainName(payload, from, entries[i], out var name) || !TryField(payload, entries[i], out var field))
            {
                return false;
            }

            switch (EnvelopeNames.IndexOf(name, EnvelopeNames.Root))
            {
                case EnvelopeNames.Id: fields.Id = field; break;
                case EnvelopeNames.Timestamp: fields.Timestamp = field; break;
                case EnvelopeNames.EventType: fields.EventType = field; break;
                case EnvelopeNames.EntityType: fields.EntityType = field; break;
                case EnvelopeNames.EntityId: fields.EntityId = field; break;
                case EnvelopeNames.ChainId: fields.ChainId = field; break;
                case EnvelopeNames.RequestId: fields.RequestId = field; break;
                case EnvelopeNames.Agent:
                    if (!TryLayAgent(payload, entries, i, field, ref fields))
                    {
                        return false;
                    }

                    break;
                case EnvelopeNames.Metadata:
                    properties.Rewind(tableStart);
                    chunk = properties.Begin(out tableStart);
                    tableCount = 0;
                    fields.Metadata = field;
                    if (field.Kind == JsonTokenType.StartObject
                        && !TryLayMetadata(payload, entries, i, field, properties, ref chunk, ref tableStart, ref tableCount))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool TryLayAgent(ReadOnlySpan<byte> payload, LayoutEntry[] entries, int agent, Field field, ref Envelope fields)
    {
        // A second agent replaces the first whole, as the reader has it.
        fields.Agent = field;
        fields.Model = fields.Role = fields.Tokens = fields.TokensInput = fields.TokensOutput = default;
        if (field.Kind != JsonTokenType.StartObject)
        {
            return true;
        }

        if (!Opened(entries, agent, field))
        {
            return false;
        }

        var from = field.Start + 1;
        for (var i = agent + 1; i < entries[agent].After; from = entries[i].ValueEnd, i = entries[i].After)
        {
            if (!TryPlainName(payload, from, entries[i], out var name) || !TryField(payload, entries[i], out var member))
            {
                return false;
            }

            switch (EnvelopeNames.IndexOf(name, EnvelopeNames.AgentFields))
            {
                case EnvelopeNames.AgentModel: fields.Model = member; break;
                case EnvelopeNames.AgentRole: fields.Role = member; break;
                case EnvelopeNames.AgentTokens:
                    fields.Tokens = member;
                    fields.TokensInput = fields.TokensOutput = default;
                    if (member.Kind == JsonTokenType.StartObject && !TryLayTokens(payload, entries, i, member, ref fields))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool TryLayTokens(ReadOnlySpan<byte> payload, LayoutEntry[] entries, int tokens, Field field, ref Envelope fields)
    {
        if (!Opened(entries, tokens, field))
        {
            return false;
        }

        var from = field.Start + 1;
        for (var i = tokens + 1; i < entries[tokens].After; from = entries[i].ValueEnd, i = entries[i].After)
        {
            if (!TryPlainName(payload, from, entries[i], out var name) || !TryField(payload, entries[i], out var count))
            {
                return false;
            }

            switch (EnvelopeNames.IndexOf(name, EnvelopeNames.TokenFields))
            {
                case 0: fields.TokensInput = count; break;
                case 1: fields.TokensOutput = count; break;
            }
        }

        return true;
    }

    private static bool TryLayMetadata(
        ReadOnlySpan<byte> payload, LayoutEntry[] entries, int metadata, Field field, PropertyTable table, ref MetadataProperty[] chunk,
        ref int start, ref int count)
    {
        if (!Opened(entries, metadata, field))
        {
            return false;
        }

        var from = field.Start + 1;
        for (var i = metadata + 1; i < entries[metadata].After; from = entries[i].ValueEnd, i = entries[i].After)
        {
            if (!TryName(payload, from, entries[i], out var name, out var nameStart) || !TryField(payload, entries[i], out var value))
            {
                return false;
            }

            chunk = table.Add(
                chunk, ref start, count,
                new MetadataProperty(nameStart, name.Length, name.Contains((byte)'\\'), value.Start, value.Length, value.Kind, value.Escaped));
            count++;
        }

        return true;
    }

    // An object's members are entries when it has any; one written whole has none, which is the same only when it is empty.
    private static bool Opened(LayoutEntry[] entries, int index, Field field) => entries[index].After > index + 1 || field.Length == 2;

    // An envelope property's name: one with an escape in it is left to the reader, which compares its unescaped text.
    private static bool TryPlainName(ReadOnlySpan<byte> payload, int from, LayoutEntry entry, out ReadOnlySpan<byte> name) =>
        TryName(payload, from, entry, out name, out _) && !name.Contains((byte)'\\');

    // The name's raw bytes, between the quotes of ,"name": or "name": from where the property began to its value.
    private static bool TryName(ReadOnlySpan<byte> payload, int from, LayoutEntry entry, out ReadOnlySpan<byte> name, out int start)
    {
        name = default;
        start = from < payload.Length && payload[from] == (byte)',' ? from + 2 : from + 1;
        var end = entry.ValueStart - 2;
        if (start < 1 || end < start || entry.ValueStart > payload.Length || payload[start - 1] != '"' || payload[end] != '"' || payload[end + 1] != ':')
        {
            return false;
        }

        name = payload[start..end];
        return true;
    }

    // The value as the reader's Field.Of finds it: a string inside its quotes, anything else whole.
    private static bool TryField(ReadOnlySpan<byte> payload, LayoutEntry entry, out Field field)
    {
        field = default;
        var length = entry.ValueEnd - entry.ValueStart;
        if (length < 1 || entry.ValueEnd > payload.Length)
        {
            return false;
        }

        var value = payload.Slice(entry.ValueStart, length);
        field = new Field { Start = entry.ValueStart, Length = length };
        switch (value[0])
        {
            case (byte)'"':
                if (length < 2 || value[^1] != '"')
                {
                    return false;
                }

                field.Kind = JsonTokenType.String;
                field.Start++;
                field.Length -= 2;
                field.Escaped = value[1..^1].Contains((byte)'\\');
                return true;
            case (byte)'{':
                field.Kind = JsonTokenType.StartObject;
                return value[^1] == '}';
            case (byte)'[':
                field.Kind = JsonTokenType.StartArray;
                return value[^1] == ']';
            case (byte)'t':
                field.Kind = JsonTokenType.True;
                return value.SequenceEqual("true"u8);
            case (byte)'f':
                field.Kind = JsonTokenType.False;
                return value.SequenceEqual("false"u8);
            case (byte)'n':
                field.Kind = JsonTokenType.Null;
                return value.SequenceEqual("null"u8);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                field.Kind = JsonTokenType.Number;
                return true;
            default:
                return false;
        }
    }
}
