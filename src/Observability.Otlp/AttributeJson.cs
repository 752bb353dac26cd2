using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace Observability.Otlp;

/// <summary>
/// OTLP values as plain JSON: strings, booleans and numbers keep their type (an int stays a whole number), arrays become
/// arrays, key-value lists objects, bytes base64. Attributes become one object keyed by the attribute's own key (dots
/// kept: <c>"session.id"</c>), so mapping paths such as <c>attributes.session.id</c> find them.
/// </summary>
internal static class AttributeJson
{
    private const int MaxDepth = 16;

    /// <summary>Writes the attributes as one object; a repeated key keeps its last value, as OTLP consumers do.</summary>
    public static void WriteObject(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes, int depth = 0)
    {
        writer.WriteStartObject();
        for (var i = 0; i < attributes.Count; i++)
        {
            var key = attributes[i].Key;
            if (LaterHasKey(attributes, i, key))
            {
                continue;
            }

            writer.WritePropertyName(key);
            WriteValue(writer, attributes[i].Value, depth + 1);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one value; an empty value is JSON null.</summary>
    public static void WriteValue(Utf8JsonWriter writer, AnyValue? value, int depth = 0)
    {
        if (value is null || depth > MaxDepth)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                writer.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                // JSON has no NaN or infinity; the text keeps what was sent.
                writer.WriteStringValue(value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64StringValue(value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                WriteObject(writer, value.KvlistValue.Values, depth + 1);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>The attribute's text when it is a string (or a scalar written as text); null when absent.</summary>
    public static string? Text(RepeatedField<KeyValue> attributes, string key)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Key == key)
            {
                var value = attributes[i].Value;
                return value?.ValueCase switch
                {
                    AnyValue.ValueOneofCase.StringValue => value.StringValue,
                    AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
                    _ => null,
                };
            }
        }

        return null;
    }

    private static bool LaterHasKey(RepeatedField<KeyValue> attributes, int index, string key)
    {
        for (var j = index + 1; j < attributes.Count; j++)
        {
            if (attributes[j].Key == key)
            {
                return true;
            }
        }

        return false;
    }
}
