using System.Globalization;
using System.Text.Json;

namespace Observability.Inbound.Expressions;

/// <summary>What an expression evaluates to: absent, a piece of the source document, text, a number or a boolean.</summary>
internal readonly struct Value
{
    private readonly JsonElement _element;
    private readonly string? _text;
    private readonly double _number;
    private readonly bool _boolean;

    private Value(ValueKind kind, JsonElement element = default, string? text = null, double number = 0, bool boolean = false)
    {
        Kind = kind;
        _element = element;
        _text = text;
        _number = number;
        _boolean = boolean;
    }

    public static Value Absent => default;

    public ValueKind Kind { get; }

    public bool IsPresent => Kind != ValueKind.Absent;

    /// <summary>A document value; null, undefined and the empty string are absent, as a label expression treats them.</summary>
    public static Value Of(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => Absent,
        JsonValueKind.String when element.ValueEquals(ReadOnlySpan<byte>.Empty) => Absent,
        JsonValueKind.True => new Value(ValueKind.Boolean, boolean: true),
        JsonValueKind.False => new Value(ValueKind.Boolean, boolean: false),
        _ => new Value(ValueKind.Element, element),
    };

    public static Value Text(string? text) => string.IsNullOrEmpty(text) ? Absent : new Value(ValueKind.Text, text: text);

    public static Value Number(double number) => double.IsFinite(number) ? new Value(ValueKind.Number, number: number) : Absent;

    public static Value Boolean(bool value) => new(ValueKind.Boolean, boolean: value);

    /// <summary>The value as text: a string as it is, a number in invariant culture, a boolean as true/false; null for objects and arrays.</summary>
    public string? AsText() => Kind switch
    {
        ValueKind.Text => _text,
        ValueKind.Number => FormatNumber(_number),
        ValueKind.Boolean => _boolean ? "true" : "false",
        ValueKind.Element => _element.ValueKind switch
        {
            JsonValueKind.String => _element.GetString(),
            JsonValueKind.Number => _element.TryGetDouble(out var d) ? FormatNumber(d) : _element.GetRawText(),
            _ => null,
        },
        _ => null,
    };

    /// <summary>The value as a number: numbers, and text that is a number (OTLP's JSON writes 64-bit integers as strings).</summary>
    public bool TryNumber(out double number)
    {
        number = 0;
        switch (Kind)
        {
            case ValueKind.Number:
                number = _number;
                return true;
            case ValueKind.Element when _element.ValueKind == JsonValueKind.Number:
                return _element.TryGetDouble(out number) && double.IsFinite(number);
            case ValueKind.Text or ValueKind.Element:
                return AsText() is { } text
                    && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                    && double.IsFinite(number);
            default:
                return false;
        }
    }

    /// <summary>Whether the value's text is <paramref name="text"/>, without making a string of a document's string.</summary>
    public bool TextEquals(string text) =>
        Kind == ValueKind.Element && _element.ValueKind == JsonValueKind.String
            ? _element.ValueEquals(text)
            : string.Equals(AsText(), text, StringComparison.Ordinal);

    /// <summary>The value as a JSON array, when it is one.</summary>
    public bool TryArray(out JsonElement array)
    {
        array = _element;
        return Kind == ValueKind.Element && _element.ValueKind == JsonValueKind.Array;
    }

    /// <summary>Writes the value with its JSON type kept (a number stays a number, an object is copied).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case ValueKind.Text:
                writer.WriteStringValue(_text);
                break;
            case ValueKind.Number:
                WriteNumber(writer, _number);
                break;
            case ValueKind.Boolean:
                writer.WriteBooleanValue(_boolean);
                break;
            case ValueKind.Element:
                _element.WriteTo(writer);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        if (Math.Abs(number) < 9007199254740992d && number == Math.Floor(number))
        {
            writer.WriteNumberValue((long)number);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }

    private static string FormatNumber(double number) =>
        Math.Abs(number) < 9007199254740992d && number == Math.Floor(number)
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The kinds of <see cref="Value"/>.</summary>
internal enum ValueKind
{
    Absent,
    Element,
    Text,
    Number,
    Boolean,
}
