using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Observability.Inbound;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;

namespace Observability.Otlp;

/// <summary>
/// An OTLP log record as an <c>otlp.log</c> source document: the paths of its JSON form (<see cref="LogDocuments"/>;
/// docs/agents.md) answered from the record itself, decoded (<see cref="LogRecordDocument"/>) or read in place
/// (<see cref="Wire.WireLogRecordDocument"/>), with the same value at every path as the JSON would give. The JSON is
/// written only when a rule needs the whole text: writing and parsing it for every record, then finding each path in it
/// by name, cost more than the rest of the receiver together.
/// </summary>
internal abstract class LogRecordPaths : InboundDocument
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private List<(string Name, string Text)>? _context;
    private string? _name;
    private bool _named;
    private string? _time;

    /// <summary>The record's <c>event_name</c>.</summary>
    protected abstract string EventName { get; }

    /// <summary>The record's time, else its observed time; 0 when neither is set.</summary>
    protected abstract ulong TimeUnixNano { get; }

    protected abstract ulong ObservedTimeUnixNano { get; }

    protected abstract int SeverityNumber { get; }

    protected abstract string SeverityText { get; }

    protected abstract ReadOnlySpan<byte> TraceId { get; }

    protected abstract ReadOnlySpan<byte> SpanId { get; }

    /// <summary>The scope's name and version; null when the record has no scope.</summary>
    protected abstract (string Name, string Version)? ScopeNames { get; }

    public sealed override string ToJsonText()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal sealed override Value Find(DocumentPath path)
    {
        // What the first segment names is found once per path, not by a string switch per lookup (rules ask each record
        // for some forty paths, most of them attributes). Each case returns its call's Value as it is, not through a
        // switch expression's temporary, so the callee writes it into the caller's: copying the 56 bytes just after they
        // were written field by field stalled every lookup.
        var root = (path.Prepared as PreparedPath ?? Prepare(path)).Root;
        switch (root)
        {
            case Root.Attributes:
                return FindAttribute(path, ofResource: false);
            case Root.Resource:
                return FindAttribute(path, ofResource: true);
            case Root.Context:
                return Context(_context ??= ResolveContext(), path);
            case Root.Name when path.Length == 1:
                return Value.Text(Name);
            default:
                return FindField(root, path);
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

    /// <summary>The value at segments <paramref name="start"/>.. of a value: greedy into key-value lists (longest key first), by index into arrays.</summary>
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

    /// <summary>The value at segments <paramref name="start"/>.. of an attribute list, its keys tried longest first.</summary>
    internal static bool TryFind(RepeatedField<KeyValue> attributes, DocumentPath path, int start, out Value found)
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

    /// <summary>An object, an array or a very large integer: its JSON form, made only when a rule asks for one.</summary>
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

    /// <summary>The record's JSON form (<see cref="LogDocuments.Write"/>).</summary>
    protected abstract void WriteJson(Utf8JsonWriter writer);

    /// <summary>The scope's JSON object.</summary>
    protected abstract void WriteScope(Utf8JsonWriter writer);

    /// <summary>The value at a path below <c>body</c> (or the body itself).</summary>
    protected abstract Value FindBody(DocumentPath path);

    /// <summary>The value at a path below <c>attributes</c> or <c>resource</c> (or the whole object).</summary>
    protected abstract Value FindAttribute(DocumentPath path, bool ofResource);

    /// <summary>The name (<see cref="LogDocuments.Name"/>), made once.</summary>
    protected abstract string? MakeName();

    /// <summary>The context's names and values, in the order <see cref="OtlpContext.Write"/> writes them.</summary>
    protected abstract List<(string Name, string Text)> ResolveContext();

    // The document's own keys hold no dots, so only the first segment can name one (the greedy lookup agrees).
    private static Root RootOf(string segment) => segment switch
    {
        "name" => Root.Name,
        "eventName" => Root.EventName,
        "timeUnixNano" => Root.TimeUnixNano,
        "observedTimeUnixNano" => Root.ObservedTimeUnixNano,
        "severityNumber" => Root.SeverityNumber,
        "severityText" => Root.SeverityText,
        "body" => Root.Body,
        "traceId" => Root.TraceId,
        "spanId" => Root.SpanId,
        "attributes" => Root.Attributes,
        "resource" => Root.Resource,
        "scope" => Root.Scope,
        "context" => Root.Context,
        _ => Root.None,
    };

    private static PreparedPath Prepare(DocumentPath path)
    {
        var prepared = PreparedPath.Of[(int)RootOf(path.Segment(0))];
        path.Prepared = prepared;
        return prepared;
    }

    // The fields rules seldom ask for, apart so that Find stays small.
    private Value FindField(Root root, DocumentPath path)
    {
        var leaf = path.Length == 1;
        switch (root)
        {
            case Root.EventName:
                return leaf ? Value.Text(EventName) : Value.Absent;
            case Root.TimeUnixNano:
                return leaf ? Value.Text(_time ??= TimeUnixNano is var time and not 0 ? Nanos(time) : null) : Value.Absent;
            case Root.ObservedTimeUnixNano:
                return leaf && ObservedTimeUnixNano != 0 ? Value.Text(Nanos(ObservedTimeUnixNano)) : Value.Absent;
            case Root.SeverityNumber:
                return leaf && SeverityNumber != 0 ? Value.Number(SeverityNumber) : Value.Absent;
            case Root.SeverityText:
                return leaf ? Value.Text(SeverityText) : Value.Absent;
            case Root.Body:
                return FindBody(path);
            case Root.TraceId:
                return leaf && !TraceId.IsEmpty ? Value.Text(Convert.ToHexStringLower(TraceId)) : Value.Absent;
            case Root.SpanId:
                return leaf && !SpanId.IsEmpty ? Value.Text(Convert.ToHexStringLower(SpanId)) : Value.Absent;
            case Root.Scope:
                return leaf
                    ? Json(WriteScope)
                    : path.Length == 2 && ScopeNames is var (name, version)
                        ? path.Segment(1) switch
                        {
                            "name" => Value.Text(name),
                            "version" => Value.Text(version),
                            _ => Value.Absent,
                        }
                        : Value.Absent;
            default:
                // No field of the record, or a path below name, which has nothing below it.
                return Value.Absent;
        }
    }

    private string? Name
    {
        get
        {
            if (!_named)
            {
                _name = MakeName();
                _named = true;
            }

            return _name;
        }
    }

    private static string Nanos(ulong nanos) => nanos.ToString(CultureInfo.InvariantCulture);

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

    // Context names are configured and may hold dots; a text has nothing inside it, so only the whole rest is a name.
    private static Value Context(List<(string Name, string Text)> entries, DocumentPath path)
    {
        if (path.Length == 1)
        {
            return Whole(entries);
        }

        var key = path.Key(1, path.Length);
        foreach (var (name, text) in entries)
        {
            if (string.Equals(name, key, StringComparison.Ordinal))
            {
                return Value.Text(text);
            }
        }

        return Value.Absent;
    }

    // Its own method: a lambda in Context would capture its parameter, and C# makes the closure at the method's entry,
    // for every lookup, not only for the rare one of the whole context.
    private static Value Whole(List<(string Name, string Text)> entries) => Json(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, text) in entries)
        {
            writer.WriteString(name, text);
        }

        writer.WriteEndObject();
    });

    /// <summary>What a path's first segment is in this document.</summary>
    private enum Root
    {
        None,
        Name,
        EventName,
        TimeUnixNano,
        ObservedTimeUnixNano,
        SeverityNumber,
        SeverityText,
        Body,
        TraceId,
        SpanId,
        Attributes,
        Resource,
        Scope,
        Context,
    }

    /// <summary>A path's <see cref="Root"/>, kept in <see cref="DocumentPath.Prepared"/>: one shared instance per root.</summary>
    private sealed class PreparedPath
    {
        public static readonly PreparedPath[] Of = [.. Enum.GetValues<Root>().Select(root => new PreparedPath(root))];

        private PreparedPath(Root root) => Root = root;

        public Root Root { get; }
    }
}
