using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Observability.Inbound;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp;

/// <summary>
/// One OTLP log record as an <c>otlp.log</c> source document, answered from the decoded protobuf: the same value at every
/// path as its JSON form (<see cref="LogDocuments"/>; docs/agents.md), which is written only when a rule needs the whole
/// text. Writing and parsing that JSON for every record, then finding each path in it by name, cost more than the
/// rest of the receiver together.
/// </summary>
internal sealed class LogRecordDocument(LogRecord record, RepeatedField<KeyValue> resource, InstrumentationScope? scope, OtlpContext context)
    : InboundDocument
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private string? _name;
    private bool _named;
    private string? _time;
    private List<(string Name, string Text)>? _context;

    public override string ToJsonText()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            LogDocuments.Write(writer, record, resource, scope, context);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal override Value Find(DocumentPath path)
    {
        // The document's own keys hold no dots, so only the first segment can name one (the greedy lookup agrees).
        var leaf = path.Length == 1;
        switch (path.Segment(0))
        {
            case "name":
                return leaf ? Value.Text(Name) : Value.Absent;
            case "eventName":
                return leaf ? Value.Text(record.EventName) : Value.Absent;
            case "timeUnixNano":
                return leaf ? Value.Text(Time) : Value.Absent;
            case "observedTimeUnixNano":
                return leaf && record.ObservedTimeUnixNano != 0 ? Value.Text(Nanos(record.ObservedTimeUnixNano)) : Value.Absent;
            case "severityNumber":
                return leaf && record.SeverityNumber != SeverityNumber.Unspecified ? Value.Number((int)record.SeverityNumber) : Value.Absent;
            case "severityText":
                return leaf ? Value.Text(record.SeverityText) : Value.Absent;
            case "body":
                return record.Body is not null && TryFind(record.Body, path, 1, out var body) ? body : Value.Absent;
            case "traceId":
                return leaf && !record.TraceId.IsEmpty ? Value.Text(Convert.ToHexStringLower(record.TraceId.Span)) : Value.Absent;
            case "spanId":
                return leaf && !record.SpanId.IsEmpty ? Value.Text(Convert.ToHexStringLower(record.SpanId.Span)) : Value.Absent;
            case "attributes":
                return TryFind(record.Attributes, path, 1, out var attribute) ? attribute : Value.Absent;
            case "resource":
                return TryFind(resource, path, 1, out var resourceAttribute) ? resourceAttribute : Value.Absent;
            case "scope":
                return Scope(path);
            case "context":
                return Context(path);
            default:
                return Value.Absent;
        }
    }

    /// <summary>An OTLP value as the rules see its JSON form (<see cref="AttributeJson"/>).</summary>
    internal static Value Of(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => Value.Text(value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => Value.Boolean(value.BoolValue),

        // A double holds every integer below 2^53 exactly; a larger one keeps its digits as the JSON number it is written as.
        AnyValue.ValueOneofCase.IntValue when value.IntValue is > -(1L << 53) and < 1L << 53 => Value.Number(value.IntValue),
        AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) => Value.Number(value.DoubleValue),
        AnyValue.ValueOneofCase.DoubleValue => Value.Text(value.DoubleValue.ToString(CultureInfo.InvariantCulture)),
        AnyValue.ValueOneofCase.BytesValue => Value.Text(Convert.ToBase64String(value.BytesValue.Span)),
        AnyValue.ValueOneofCase.IntValue or AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue =>
            Json(writer => AttributeJson.WriteValue(writer, value)),
        _ => Value.Absent,
    };

    private string? Name
    {
        get
        {
            if (!_named)
            {
                _name = LogDocuments.Name(record);
                _named = true;
            }

            return _name;
        }
    }

    private string? Time => _time ??= LogDocuments.Time(record) is var time and not 0 ? Nanos(time) : null;

    private static string Nanos(ulong nanos) => nanos.ToString(CultureInfo.InvariantCulture);

    // The value at segments start.. of a value: greedy into key-value lists (longest key first), by index into arrays.
    internal static bool TryFind(AnyValue? value, DocumentPath path, int start, out Value found)
    {
        if (start == path.Length)
        {
            found = Of(value);
            return true;
        }

        found = Value.Absent;
        return value?.ValueCase switch
        {
            AnyValue.ValueOneofCase.KvlistValue => TryFind(value.KvlistValue.Values, path, start, out found),
            AnyValue.ValueOneofCase.ArrayValue when path.TryIndex(start, out var index) && index < value.ArrayValue.Values.Count =>
                TryFind(value.ArrayValue.Values[index], path, start + 1, out found),
            _ => false,
        };
    }

    private static bool TryFind(RepeatedField<KeyValue> attributes, DocumentPath path, int start, out Value found)
    {
        if (start == path.Length)
        {
            found = Json(writer => AttributeJson.WriteObject(writer, attributes));
            return true;
        }

        for (var end = path.Length; end > start; end--)
        {
            if (Last(attributes, path.Key(start, end)) is { } attribute && TryFind(attribute.Value, path, end, out found))
            {
                return true;
            }
        }

        found = Value.Absent;
        return false;
    }

    // A repeated key keeps its last value, as the JSON form does.
    private static KeyValue? Last(RepeatedField<KeyValue> attributes, string key)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (string.Equals(attributes[i].Key, key, StringComparison.Ordinal))
            {
                return attributes[i];
            }
        }

        return null;
    }

    private Value Scope(DocumentPath path)
    {
        if (path.Length == 1)
        {
            return Json(writer => LogDocuments.WriteScopeObject(writer, scope));
        }

        return path.Length == 2 && scope is not null
            ? path.Segment(1) switch
            {
                "name" => Value.Text(scope.Name),
                "version" => Value.Text(scope.Version),
                _ => Value.Absent,
            }
            : Value.Absent;
    }

    private Value Context(DocumentPath path) => Context(_context ??= context.Resolve(resource, record.Attributes), path);

    /// <summary>The value at a <c>context</c> path among the context's names and values.</summary>
    internal static Value Context(List<(string Name, string Text)> entries, DocumentPath path)
    {
        if (path.Length == 1)
        {
            return Json(writer =>
            {
                writer.WriteStartObject();
                foreach (var (name, text) in entries)
                {
                    writer.WriteString(name, text);
                }

                writer.WriteEndObject();
            });
        }

        // Context names are configured and may hold dots: the longest first, as everywhere.
        for (var end = path.Length; end > 1; end--)
        {
            var key = path.Key(1, end);
            foreach (var (name, text) in entries)
            {
                // A text has nothing inside it: a longer path through it looks for a shorter key.
                if (end == path.Length && string.Equals(name, key, StringComparison.Ordinal))
                {
                    return Value.Text(text);
                }
            }
        }

        return Value.Absent;
    }

    // An object, an array or a very large integer: its JSON form, made only when a rule asks for one.
    internal static Value Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return Value.Of(document.RootElement.Clone());
    }
}
