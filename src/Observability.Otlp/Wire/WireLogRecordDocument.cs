using System.Runtime.CompilerServices;
using System.Text.Json;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp.Wire;

/// <summary>
/// One log record read by <see cref="WireLogReader"/>: its fields are slices of the request's bytes, filled in place by
/// the reader. What rules seldom ask for (the whole text, objects, arrays, the body) is decoded by Google.Protobuf from
/// its slice.
/// </summary>
internal sealed class WireLogRecordDocument(WireLogRequest request, int resource, WireScope scope, int start, int length) : LogRecordPaths
{
    private static readonly byte[] EventNameKey = "event.name"u8.ToArray();
    private static readonly int EventNameHash = KeyHash.Of(EventNameKey);

#pragma warning disable SA1401 // Fields: the reader fills them in place, by reference.
    public ulong Time;
    public ulong ObservedTime;
    public int Severity;
    public (int Start, int Length) SeverityTextSlice;
    public (int Start, int Length) EventNameSlice;
    public (int Start, int Length) TraceIdSlice;
    public (int Start, int Length) SpanIdSlice;
    public WireAttribute Body = new(0, 0, 0, -1, AnyValue.ValueOneofCase.None, 0, 0, 0);
#pragma warning restore SA1401

    public int FirstAttribute { get; init; }

    public int AttributeCount { get; set; }

    protected override string EventName => request.Text(EventNameSlice.Start, EventNameSlice.Length);

    protected override ulong TimeUnixNano => Time != 0 ? Time : ObservedTime;

    protected override ulong ObservedTimeUnixNano => ObservedTime;

    protected override int SeverityNumber => Severity;

    protected override string SeverityText => request.Text(SeverityTextSlice.Start, SeverityTextSlice.Length);

    protected override ReadOnlySpan<byte> TraceId => request.Bytes(TraceIdSlice.Start, TraceIdSlice.Length);

    protected override ReadOnlySpan<byte> SpanId => request.Bytes(SpanIdSlice.Start, SpanIdSlice.Length);

    protected override (string Name, string Version)? ScopeNames => scope.Length < 0
        ? null
        : (request.Text(scope.NameStart, scope.NameLength), request.Text(scope.VersionStart, scope.VersionLength));

    private WireResource Resource => request.Resources[resource];

    protected override void WriteJson(Utf8JsonWriter writer) =>
        LogDocuments.Write(writer, LogRecord.Parser.ParseFrom(request.Bytes(start, length)), ResourceAttributes(), DecodedScope(), request.Keys);

    protected override void WriteScope(Utf8JsonWriter writer) => LogDocuments.WriteScopeObject(writer, DecodedScope());

    protected override Value FindBody(DocumentPath path) =>
        Body.ValueLength >= 0 && TryFind(request.Decoded(Body) ?? new AnyValue(), path, 1, out var body) ? body : Value.Absent;

    // Greedy, longest key first, as DocumentPath finds it in JSON; inside a list or an array through the decoded value.
    // Not inlined into Find (as profile-guided devirtualization did): there its Value went through a temporary, copied
    // with wide loads just after ValueOf wrote it field by field, a store-forwarding stall on every lookup.
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected override Value FindAttribute(DocumentPath path, bool ofResource)
    {
        var (first, count) = ofResource ? (Resource.FirstAttribute, Resource.AttributeCount) : (FirstAttribute, AttributeCount);
        if (path.Length == 1)
        {
            return WholeAttributes(first, count);
        }

        for (var end = path.Length; end > 1; end--)
        {
            var at = request.Last(first, count, path.Utf8Key(1, end), path.Utf8KeyHash(1, end));
            if (at < 0)
            {
                continue;
            }

            if (end == path.Length)
            {
                return ValueOf(at);
            }

            if (request.Attributes[at].Case is AnyValue.ValueOneofCase.KvlistValue or AnyValue.ValueOneofCase.ArrayValue
                && TryFind(request.Decoded(at), path, end, out var found))
            {
                return found;
            }
        }

        return Value.Absent;
    }

    // LogDocuments.Name over the slices: event_name, else the event.name attribute, else a text body; the body's
    // qualified form when it ends with the unqualified attribute.
    protected override string? MakeName()
    {
        var body = Body.Case == AnyValue.ValueOneofCase.StringValue ? request.Text(Body.PayloadStart, Body.PayloadLength) : null;
        body = body is { Length: <= 256 } ? body : null;
        var at = request.Last(FirstAttribute, AttributeCount, EventNameKey, EventNameHash);
        var name = EventNameSlice.Length > 0 ? EventName : at >= 0 ? request.ScalarText(at) : null;
        return name is null
            ? body is not null && !body.Contains(' ', StringComparison.Ordinal) ? body : null
            : body is not null && !name.Contains('.', StringComparison.Ordinal)
                && body.Length > name.Length && body.EndsWith(name, StringComparison.Ordinal) && body[^(name.Length + 1)] == '.'
                ? body
                : name;
    }

    // A record that names none of the context's keys (Claude Code puts them on the resource) shares its resource's.
    protected override List<(string Name, string Text)> ResolveContext() =>
        request.Names(FirstAttribute, AttributeCount) ? request.RecordContext(FirstAttribute, AttributeCount, Resource) : request.ResourceContext(resource);

    private Value ValueOf(int index)
    {
        var attribute = request.Attributes[index];
        return attribute.Case switch
        {
            // Kept as the body's UTF-8 (checked when it was read): no string is made to be written back as UTF-8.
            AnyValue.ValueOneofCase.StringValue => Value.Utf8Text(request.Body.Slice(attribute.PayloadStart, attribute.PayloadLength)),
            AnyValue.ValueOneofCase.BoolValue => Value.Boolean(attribute.Scalar != 0),
            AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(BitConverter.UInt64BitsToDouble(attribute.Scalar)) =>
                Value.Number(BitConverter.UInt64BitsToDouble(attribute.Scalar)),
            AnyValue.ValueOneofCase.IntValue when (long)attribute.Scalar is > -(1L << 53) and < 1L << 53 => Value.Number((long)attribute.Scalar),
            AnyValue.ValueOneofCase.None => Value.Absent,
            _ => Of(request.Decoded(index)),
        };
    }

    // Its own method, so the closure is made only for this rare lookup, not at the entry of every FindAttribute.
    private Value WholeAttributes(int first, int count) => Json(writer => AttributeJson.WriteObject(writer, Decoded(first, count)));

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
