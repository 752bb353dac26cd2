using System.Text;
using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// An event's <c>metadata</c> object: its raw UTF-8 and a table of its top-level properties, found when the event was
/// read. A lookup by name compares names in the table (a property given twice counts with its last value, as in
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>); values are decoded only when asked for.
/// </summary>
public readonly struct EventMetadata
{
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly MetadataProperty[]? _table;
    private readonly int _start;
    private readonly int _count;
    private readonly int _rawStart;
    private readonly int _rawLength;

    internal EventMetadata(ReadOnlyMemory<byte> payload, int rawStart, int rawLength, MetadataProperty[]? table, int start, int count)
    {
        _payload = payload;
        _rawStart = rawStart;
        _rawLength = rawLength;
        _table = table;
        _start = start;
        _count = count;
    }

    /// <summary>Whether the event has a <c>metadata</c> object (false when absent or null).</summary>
    public bool IsObject => _rawLength > 0;

    /// <summary>The object's bytes as stored; empty when there is none.</summary>
    public ReadOnlySpan<byte> Raw => _payload.Span.Slice(_rawStart, _rawLength);

    /// <summary>Top-level properties, a repeated name counted each time.</summary>
    public int Count => _count;

    /// <summary>The value of the property named <paramref name="name"/> (UTF-8); false when absent.</summary>
    public bool TryGet(scoped ReadOnlySpan<byte> name, out JsonScalar value)
    {
        var payload = _payload.Span;
        for (var i = _start + _count - 1; i >= _start; i--)
        {
            ref readonly var p = ref _table![i];
            var stored = payload.Slice(p.NameStart, p.NameLength);

            // Most names differ in length or first byte: checked first, they cost no call.
            if (p.NameEscaped
                ? EscapedNameEquals(stored, name)
                : stored.Length == name.Length && (stored.Length == 0 || (stored[0] == name[0] && stored.SequenceEqual(name))))
            {
                value = new JsonScalar(payload.Slice(p.ValueStart, p.ValueLength), p.Kind, p.ValueEscaped);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value of the property named <paramref name="name"/>; false when absent.</summary>
    public bool TryGet(string name, out JsonScalar value)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
        return TryGet(utf8[..Encoding.UTF8.GetBytes(name, utf8)], out value);
    }

    /// <summary>A string property's text (short ones cached), or null when absent or not a string.</summary>
    public string? Text(ReadOnlySpan<byte> name) => TryGet(name, out var v) ? v.GetCachedString() : null;

    /// <summary>A string property's text (short ones cached), or null when absent or not a string.</summary>
    public string? Text(string name) => TryGet(name, out var v) ? v.GetCachedString() : null;

    /// <summary>A number property as a finite double, or null when absent or not a number.</summary>
    public double? Number(ReadOnlySpan<byte> name) => TryGet(name, out var v) && v.TryGetDouble(out var d) ? d : null;

    /// <summary>
    /// A number property, or null when absent, not a number, or beyond the field's documented maximum
    /// (<see cref="NumberLimits.MaxOf"/>): ingestion refuses such values, so only a log written before the bounds holds
    /// one, and it is left out rather than summed into an answer that could no longer be written as JSON.
    /// </summary>
    public double? Bounded(string name) =>
        TryGet(name, out var v) && v.TryGetDouble(out var d) && Math.Abs(d) <= NumberLimits.MaxOf(name) ? d : null;

    /// <summary>A boolean property, or null when absent or not a boolean.</summary>
    public bool? Boolean(ReadOnlySpan<byte> name) =>
        TryGet(name, out var v) && v.Kind is JsonTokenType.True or JsonTokenType.False ? v.Kind == JsonTokenType.True : null;

    /// <summary>A boolean property, or null when absent or not a boolean.</summary>
    public bool? Boolean(string name) =>
        TryGet(name, out var v) && v.Kind is JsonTokenType.True or JsonTokenType.False ? v.Kind == JsonTokenType.True : null;

    /// <summary>Whether a string property equals <paramref name="expected"/>, without decoding it.</summary>
    public bool StringEquals(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => TryGet(name, out var v) && v.ValueEquals(expected);

    /// <summary>An array property's string items (others left out); empty when absent or not an array.</summary>
    public string[] Strings(string name)
    {
        if (!TryGet(name, out var v) || v.Kind != JsonTokenType.StartArray)
        {
            return [];
        }

        var list = new List<string>();
        var reader = new Utf8JsonReader(v.Raw);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                list.Add(reader.GetString()!);
            }
            else
            {
                reader.Skip();
            }
        }

        return [.. list];
    }

    private static bool EscapedNameEquals(ReadOnlySpan<byte> escaped, ReadOnlySpan<byte> name)
    {
        try
        {
            return Encoding.UTF8.GetBytes(JsonScalar.Unescape(escaped)).AsSpan().SequenceEqual(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
