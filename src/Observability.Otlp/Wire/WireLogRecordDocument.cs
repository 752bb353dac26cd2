using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Observability.Inbound;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace Observability.Otlp.Wire;

/// <summary>
/// One log record read by <see cref="WireLogReader"/>: the same value at every path as <see cref="LogRecordDocument"/>
/// gives for the record Google.Protobuf decodes (and so as its JSON form), read from slices of the request's bytes.
/// What rules seldom ask for (the whole text, objects, arrays, the body) is decoded by Google.Protobuf from the slice.
/// </summary>
internal sealed class WireLogRecordDocument(WireLogRequest request, int resource, WireScope scope, int start, int length) : InboundDocument
{
    private static readonly byte[] EventNameKey = "event.name"u8.ToArray();

#pragma warning disable SA1401 // Fields: the reader fills them in place, by reference.
    public ulong TimeUnixNano;
    public ulong ObservedTimeUnixNano;
    public int SeverityNumber;
    public (int Start, int Length) SeverityText;
    public (int Start, int Length) EventName;
    public (int Start, int Length) TraceId;
    public (int Start, int Length) SpanId;
    public WireAttribute Body = new(0, 0, 0, -1, AnyValue.ValueOneofCase.None, 0, 0, 0);
#pragma warning restore SA1401

    private string? _name;
    private bool _named;
    private string? _time;
    private List<(string Name, string Text)>? _context;

    public int FirstAttribute { get; init; }

    public int AttributeCount { get; set; }

    private WireResource Resource => request.Resources[resource];

    public override string ToJsonText()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            LogDocuments.Write(writer, Decoded(), ResourceAttributes(), DecodedScope(), request.Keys);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal override Value Find(DocumentPath path)
    {
        var leaf = path.Length == 1;
        switch (path.Segment(0))
        {
            case "name":
                return leaf ? Value.Text(Name) : Value.Absent;
            case "eventName":
                return leaf ? Value.Text(request.Text(EventName.Start, EventName.Length)) : Value.Absent;
            case "timeUnixNano":
                return leaf ? Value.Text(Time) : Value.Absent;
            case "observedTimeUnixNano":
                return leaf && ObservedTimeUnixNano != 0 ? Value.Text(ObservedTimeUnixNano.ToString(CultureInfo.InvariantCulture)) : Value.Absent;
            case "severityNumber":
                return leaf && SeverityNumber != 0 ? Value.Number(SeverityNumber) : Value.Absent;
            case "severityText":
                return leaf ? Value.Text(request.Text(SeverityText.Start, SeverityText.Length)) : Value.Absent;
            case "body":
                return Body.ValueLength >= 0 && LogRecordDocument.TryFind(request.Decoded(Body) ?? new AnyValue(), path, 1, out var body) ? body : Value.Absent;
            case "traceId":
                return leaf && TraceId.Length > 0 ? Value.Text(Convert.ToHexStringLower(request.Bytes(TraceId.Start, TraceId.Length))) : Value.Absent;
            case "spanId":
                return leaf && SpanId.Length > 0 ? Value.Text(Convert.ToHexStringLower(request.Bytes(SpanId.Start, SpanId.Length))) : Value.Absent;
            case "attributes":
                return TryFind(FirstAttribute, AttributeCount, path, out var attribute) ? attribute : Value.Absent;
            case "resource":
                return TryFind(Resource.FirstAttribute, Resource.AttributeCount, path, out var resourceAttribute) ? resourceAttribute : Value.Absent;
            case "scope":
                return leaf
                    ? LogRecordDocument.Json(writer => LogDocuments.WriteScopeObject(writer, DecodedScope()))
                    : path.Length == 2 && scope.Length >= 0
                        ? path.Segment(1) switch
                        {
                            "name" => Value.Text(request.Text(scope.NameStart, scope.NameLength)),
                            "version" => Value.Text(request.Text(scope.VersionStart, scope.VersionLength)),
                            _ => Value.Absent,
                        }
                        : Value.Absent;
            case "context":
                return LogRecordDocument.Context(_context ??= Context(), path);
            default:
                return Value.Absent;
        }
    }

    // LogDocuments.Name over the slices: event_name, else the event.name attribute, else a text body; the body's
    // qualified form when it ends with the unqualified attribute.
    private string? Name
    {
        get
        {
            if (_named)
            {
                return _name;
            }

            var body = Body.Case == AnyValue.ValueOneofCase.StringValue ? request.Text(Body.PayloadStart, Body.PayloadLength) : null;
            body = body is { Length: <= 256 } ? body : null;
            var at = request.Last(FirstAttribute, AttributeCount, EventNameKey);
            var name = EventName.Length > 0 ? request.Text(EventName.Start, EventName.Length) : at >= 0 ? request.ScalarText(at) : null;
            _name = name is null
                ? body is not null && !body.Contains(' ', StringComparison.Ordinal) ? body : null
                : body is not null && !name.Contains('.', StringComparison.Ordinal)
                    && body.Length > name.Length && body.EndsWith(name, StringComparison.Ordinal) && body[^(name.Length + 1)] == '.'
                    ? body
                    : name;
            _named = true;
            return _name;
        }
    }

    private string? Time => _time ??= (TimeUnixNano != 0 ? TimeUnixNano : ObservedTimeUnixNano) is var time and not 0
        ? time.ToString(CultureInfo.InvariantCulture)
        : null;

    // OtlpContext.Resolve over the slices: the record's attributes first, then the resource's; each key's last value. A
    // record that names none of the context's keys (Claude Code puts them on the resource) shares its resource's.
    private List<(string Name, string Text)> Context() =>
        request.Names(FirstAttribute, AttributeCount) ? request.RecordContext(FirstAttribute, AttributeCount, Resource) : request.ResourceContext(resource);

    // Greedy, longest key first, as DocumentPath finds it in JSON; inside a list or an array through the decoded value.
    private bool TryFind(int first, int count, DocumentPath path, out Value found)
    {
        if (path.Length == 1)
        {
            found = LogRecordDocument.Json(writer => AttributeJson.WriteObject(writer, Decoded(first, count)));
            return true;
        }

        for (var end = path.Length; end > 1; end--)
        {
            var at = request.Last(first, count, path.Utf8Key(1, end));
            if (at < 0)
            {
                continue;
            }

            if (end == path.Length)
            {
                found = ValueOf(at);
                return true;
            }

            if (request.Attributes[at].Case is AnyValue.ValueOneofCase.KvlistValue or AnyValue.ValueOneofCase.ArrayValue
                && LogRecordDocument.TryFind(request.Decoded(at), path, end, out found))
            {
                return true;
            }
        }

        found = Value.Absent;
        return false;
    }

    private Value ValueOf(int index)
    {
        var attribute = request.Attributes[index];
        return attribute.Case switch
        {
            AnyValue.ValueOneofCase.StringValue => Value.Text(request.AttributeText(index)),
            AnyValue.ValueOneofCase.BoolValue => Value.Boolean(attribute.Scalar != 0),
            AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(BitConverter.UInt64BitsToDouble(attribute.Scalar)) =>
                Value.Number(BitConverter.UInt64BitsToDouble(attribute.Scalar)),
            AnyValue.ValueOneofCase.IntValue when (long)attribute.Scalar is > -(1L << 53) and < 1L << 53 => Value.Number((long)attribute.Scalar),
            AnyValue.ValueOneofCase.None => Value.Absent,
            _ => LogRecordDocument.Of(request.Decoded(index)),
        };
    }

    private LogRecord Decoded() => LogRecord.Parser.ParseFrom(request.Bytes(start, length));

    private InstrumentationScope? DecodedScope() => scope.Length < 0 ? null : InstrumentationScope.Parser.ParseFrom(request.Bytes(scope.Start, scope.Length));

    private Google.Protobuf.Collections.RepeatedField<KeyValue> ResourceAttributes() =>
        Resource.Length < 0 ? [] : OpenTelemetry.Proto.Resource.V1.Resource.Parser.ParseFrom(request.Bytes(Resource.Start, Resource.Length)).Attributes;

    private Google.Protobuf.Collections.RepeatedField<KeyValue> Decoded(int first, int count)
    {
        var attributes = new Google.Protobuf.Collections.RepeatedField<KeyValue>();
        for (var i = first; i < first + count; i++)
        {
            var attribute = request.Attributes[i];
            attributes.Add(new KeyValue { Key = request.Text(attribute.KeyStart, attribute.KeyLength), Value = request.Decoded(i) });
        }

        return attributes;
    }
}
