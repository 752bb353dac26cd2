using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Observability.Inbound.Expressions;

/// <summary>What an expression evaluates to: absent, a piece of the source document, text, a number or a boolean.</summary>
internal readonly struct Value
{
    private readonly JsonElement _element;
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly double _number;
    private readonly bool _boolean;

    private Value(ValueKind kind, JsonElement element = default, string? text = null, double number = 0, bool boolean = false, ReadOnlyMemory<byte> utf8 = default)
    {
        Kind = kind;
        _element = element;
        _text = text;
        _number = number;
        _boolean = boolean;
        _utf8 = utf8;
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

    /// <summary>
    /// Text kept as the source's UTF-8, which must be valid and must outlive the value (a slice of a request's body):
    /// written to an envelope and hashed into an id as it is, made a string only when an expression asks for one.
    /// </summary>
    public static Value Utf8Text(ReadOnlyMemory<byte> utf8) => utf8.IsEmpty ? Absent : new Value(ValueKind.Utf8Text, utf8: utf8);

    public static Value Number(double number) => double.IsFinite(number) ? new Value(ValueKind.Number, number: number) : Absent;

    public static Value Boolean(bool value) => new(ValueKind.Boolean, boolean: value);

    /// <summary>The value as text: a string as it is, a number in invariant culture, a boolean as true/false; null for objects and arrays.</summary>
    public string? AsText() => Kind switch
    {
        ValueKind.Text => _text,
        ValueKind.Utf8Text => Encoding.UTF8.GetString(_utf8.Span),
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
            case ValueKind.Utf8Text:
                return double.TryParse(_utf8.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
            case ValueKind.Text or ValueKind.Element:
                return AsText() is { } text
                    && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                    && double.IsFinite(number);
            default:
                return false;
        }
    }

    /// <summary>Whether the value's text is <paramref name="text"/>, without making a string of a document's string.</summary>
    public bool TextEquals(string text) => Kind switch
    {
        ValueKind.Element when _element.ValueKind == JsonValueKind.String => _element.ValueEquals(text),
        ValueKind.Utf8Text => Utf8Equals(_utf8.Span, text),
        _ => string.Equals(AsText(), text, StringComparison.Ordinal),
    };

    /// <summary>
    /// Appends the value's text as UTF-8 (what <see cref="AsText"/> gives, encoded); false, with nothing written, when it
    /// has none.
    /// </summary>
    public bool TryWriteUtf8(IBufferWriter<byte> output)
    {
        if (Kind == ValueKind.Utf8Text)
        {
            output.Write(_utf8.Span);
            return true;
        }

        if (AsText() is not { } text)
        {
            return false;
        }

        Encoding.UTF8.GetBytes(text, output);
        return true;
    }

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
            case ValueKind.Utf8Text:
                writer.WriteStringValue(_utf8.Span);
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

    // Equal as text exactly when the string's own UTF-8 is these bytes; a string that has none (a lone surrogate) equals
    // no valid UTF-8.
    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        if (text.Length > utf8.Length || utf8.Length > text.Length * 3)
        {
            return false;
        }

        var buffer = utf8.Length <= 256 ? stackalloc byte[256] : new byte[utf8.Length];
        return Utf8.FromUtf16(text, buffer[..utf8.Length], out var read, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            && read == text.Length && written == utf8.Length && buffer[..written].SequenceEqual(utf8);
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

    /// <summary>Text as UTF-8 bytes: the same text as <see cref="Text"/> to every reader.</summary>
    Utf8Text,
    Number,
    Boolean,
}
