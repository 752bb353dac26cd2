using System.Text.Json;
using Google.Protobuf.Collections;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp;

/// <summary>One OTLP log record decoded by Google.Protobuf (OTLP JSON, gRPC, and protobuf the wire reader leaves to it).</summary>
internal sealed class LogRecordDocument(LogRecord record, RepeatedField<KeyValue> resource, InstrumentationScope? scope, OtlpContext context)
    : LogRecordPaths
{
    protected override string EventName => record.EventName;

    protected override ulong TimeUnixNano => LogDocuments.Time(record);

    protected override ulong ObservedTimeUnixNano => record.ObservedTimeUnixNano;

    protected override int SeverityNumber => (int)record.SeverityNumber;

    protected override string SeverityText => record.SeverityText;

    protected override ReadOnlySpan<byte> TraceId => record.TraceId.Span;

    protected override ReadOnlySpan<byte> SpanId => record.SpanId.Span;

    protected override (string Name, string Version)? ScopeNames => scope is null ? null : (scope.Name, scope.Version);

    protected override void WriteJson(Utf8JsonWriter writer) => LogDocuments.Write(writer, record, resource, scope, context);

    protected override void WriteScope(Utf8JsonWriter writer) => LogDocuments.WriteScopeObject(writer, scope);

    protected override Value FindBody(DocumentPath path) =>
        record.Body is not null && TryFind(record.Body, path, 1, out var body) ? body : Value.Absent;

    protected override Value FindAttribute(DocumentPath path, bool ofResource) =>
        TryFind(ofResource ? resource : record.Attributes, path, 1, out var found) ? found : Value.Absent;

    protected override string? MakeName() => LogDocuments.Name(record);

    protected override List<(string Name, string Text)> ResolveContext() => context.Resolve(resource, record.Attributes);
}
