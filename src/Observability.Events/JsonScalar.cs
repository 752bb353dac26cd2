using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// One JSON value inside a stored event, as its raw UTF-8: a string's content without its quotes (still escaped when
/// <see cref="Escaped"/>), a number's digits, or a whole object or array. Decoded only when asked for.
/// </summary>
public readonly ref struct JsonScalar
{
    internal JsonScalar(ReadOnlySpan<byte> raw, JsonTokenType kind, bool escaped)
    {
        Raw = raw;
        Kind = kind;
        Escaped = escaped;
    }

    /// <summary>The value's bytes: for a string its content without quotes, for an object or array the whole value.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The token the value starts with (<see cref="JsonTokenType.String"/>, <see cref="JsonTokenType.Number"/>…).</summary>
    public JsonTokenType Kind { get; }

    /// <summary>Whether a string's content holds escapes, so <see cref="Raw"/> is not its text.</summary>
    public bool Escaped { get; }

    /// <summary>Whether the value is absent or JSON null.</summary>
    public bool IsNullOrAbsent => Kind is JsonTokenType.None or JsonTokenType.Null;

    /// <summary>The kind in the words of a validation message: "a string", "a number", "an object"…</summary>
    public string Describe() => Describe(Kind);

    /// <summary>A string value's text; null when the value is not a string.</summary>
    /// <exception cref="InvalidOperationException">An escape in it is not valid Unicode (a lone surrogate).</exception>
    public string? GetString()
    {
        if (Kind != JsonTokenType.String)
        {
            return null;
        }

        return Escaped ? Unescape(Raw) : Encoding.UTF8.GetString(Raw);
    }

    /// <summary>
    /// A string value's text, the same instance for the same short text (types, models, label values repeat across
    /// events); null when the value is not a string.
    /// </summary>
    public string? GetCachedString()
    {
        if (Kind != JsonTokenType.String)
        {
            return null;
        }

        return Escaped ? Unescape(Raw) : Utf8StringCache.GetString(Raw);
    }

    /// <summary>A number value as a finite double, as <see cref="JsonElement.TryGetDouble"/> reads it.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Kind == JsonTokenType.Number && Utf8Parser.TryParse(Raw, out value, out var consumed) && consumed == Raw.Length
            && double.IsFinite(value);
    }

    /// <summary>A number value as a whole number in [<paramref name="min"/>, <paramref name="max"/>], whatever its spelling (1e2 is 100).</summary>
    public bool TryGetWhole(long min, long max, out long value)
    {
        value = 0;
        if (Kind != JsonTokenType.Number)
        {
            return false;
        }

        if (Utf8Parser.TryParse(Raw, out long whole, out var consumed) && consumed == Raw.Length)
        {
            value = whole;
            return whole >= min && whole <= max;
        }

        return TryGetDouble(out var number) && NumberLimits.TryWhole(number, min, max, out value);
    }

    /// <summary>Whether the value is a string equal to <paramref name="expected"/> (UTF-8), without decoding it when unescaped.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> expected)
    {
        if (Kind != JsonTokenType.String)
        {
            return false;
        }

        if (!Escaped)
        {
            return Raw.SequenceEqual(expected);
        }

        try
        {
            return Encoding.UTF8.GetBytes(Unescape(Raw)).AsSpan().SequenceEqual(expected);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The value as a <see cref="JsonElement"/> of its own (a copy): for lists and objects a reader keeps.</summary>
    public JsonElement ToElement()
    {
        if (Kind == JsonTokenType.String)
        {
            var quoted = new byte[Raw.Length + 2];
            quoted[0] = quoted[^1] = (byte)'"';
            Raw.CopyTo(quoted.AsSpan(1));
            return Clone(quoted);
        }

        return Clone(Raw.ToArray());
    }

    private static JsonElement Clone(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    internal static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    /// <summary>The text of an escaped string's content (without quotes).</summary>
    /// <exception cref="InvalidOperationException">An escape is not valid Unicode.</exception>
    internal static string Unescape(ReadOnlySpan<byte> content)
    {
        Span<byte> quoted = content.Length <= 1024 ? stackalloc byte[content.Length + 2] : new byte[content.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        content.CopyTo(quoted[1..]);
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString()!;
    }
}
