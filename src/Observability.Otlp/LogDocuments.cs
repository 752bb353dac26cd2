using System.Globalization;
using System.Text.Json;
using Observability.Inbound;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp;

/// <summary>
/// Flattens a logs export request into <c>otlp.log</c> source documents, one per record (the shape is in
/// docs/agents.md, "The otlp.log document"; the rules read it from the protobuf, <see cref="LogRecordDocument"/>):
/// <c>{name, eventName, timeUnixNano, observedTimeUnixNano, severityNumber, severityText, body, traceId, spanId,
/// attributes, resource, scope, context}</c>.
/// </summary>
internal static class LogDocuments
{
    /// <summary>The document kind the inbound mapping's rules name.</summary>
    public const string Kind = "otlp.log";

    public static SourceDocuments Build(ExportLogsServiceRequest request, OtlpContext context)
    {
        var documents = new List<InboundDocument>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = resourceLogs.Resource?.Attributes ?? [];
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    documents.Add(new LogRecordDocument(record, resource, scopeLogs.Scope, context));
                }
            }
        }

        return SourceDocuments.Of(documents);
    }

    /// <summary>The record's time: its own, else the time it was observed; 0 when neither is set.</summary>
    public static ulong Time(LogRecord record) => record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;

    /// <summary>
    /// The event's name: the record's <c>event_name</c>, else its <c>event.name</c> attribute, else a text body. Claude Code
    /// sends <c>event.name</c> unqualified (<c>api_request</c>) and the qualified name as the body
    /// (<c>claude_code.api_request</c>): the qualified one is taken, so names do not collide between agents.
    /// </summary>
    public static string? Name(LogRecord record)
    {
        var body = record.Body is { ValueCase: AnyValue.ValueOneofCase.StringValue } b && b.StringValue.Length <= 256 ? b.StringValue : null;
        var name = record.EventName is { Length: > 0 } e ? e : AttributeJson.Text(record.Attributes, "event.name");
        if (name is null)
        {
            return body is not null && !body.Contains(' ', StringComparison.Ordinal) ? body : null;
        }

        return body is not null && !name.Contains('.', StringComparison.Ordinal)
            && body.Length > name.Length && body.EndsWith(name, StringComparison.Ordinal) && body[^(name.Length + 1)] == '.'
            ? body
            : name;
    }

    /// <summary>Writes the record's document.</summary>
    public static void Write(Utf8JsonWriter writer, LogRecord record, Google.Protobuf.Collections.RepeatedField<KeyValue> resource, InstrumentationScope? scope, OtlpContext context)
    {
        writer.WriteStartObject();
        if (Name(record) is { } name)
        {
            writer.WriteString("name"u8, name);
        }

        if (record.EventName.Length > 0)
        {
            writer.WriteString("eventName"u8, record.EventName);
        }

        // Nanoseconds do not fit a double exactly; as text, as OTLP JSON writes them. A record without a time has its observed time.
        var time = Time(record);
        if (time != 0)
        {
            writer.WriteString("timeUnixNano"u8, time.ToString(CultureInfo.InvariantCulture));
        }

        if (record.ObservedTimeUnixNano != 0)
        {
            writer.WriteString("observedTimeUnixNano"u8, record.ObservedTimeUnixNano.ToString(CultureInfo.InvariantCulture));
        }

        if (record.SeverityNumber != SeverityNumber.Unspecified)
        {
            writer.WriteNumber("severityNumber"u8, (int)record.SeverityNumber);
        }

        if (record.SeverityText.Length > 0)
        {
            writer.WriteString("severityText"u8, record.SeverityText);
        }

        if (record.Body is not null)
        {
            writer.WritePropertyName("body"u8);
            AttributeJson.WriteValue(writer, record.Body);
        }

        if (!record.TraceId.IsEmpty)
        {
            writer.WriteString("traceId"u8, Convert.ToHexStringLower(record.TraceId.Span));
        }

        if (!record.SpanId.IsEmpty)
        {
            writer.WriteString("spanId"u8, Convert.ToHexStringLower(record.SpanId.Span));
        }

        writer.WritePropertyName("attributes"u8);
        AttributeJson.WriteObject(writer, record.Attributes);
        writer.WritePropertyName("resource"u8);
        AttributeJson.WriteObject(writer, resource);
        WriteScope(writer, scope);
        context.Write(writer, resource, record.Attributes);
        writer.WriteEndObject();
    }

    internal static void WriteScope(Utf8JsonWriter writer, InstrumentationScope? scope)
    {
        writer.WritePropertyName("scope"u8);
        WriteScopeObject(writer, scope);
    }

    internal static void WriteScopeObject(Utf8JsonWriter writer, InstrumentationScope? scope)
    {
        writer.WriteStartObject();
        if (scope is not null)
        {
            writer.WriteString("name"u8, scope.Name);
            if (scope.Version.Length > 0)
            {
                writer.WriteString("version"u8, scope.Version);
            }
        }

        writer.WriteEndObject();
    }
}
