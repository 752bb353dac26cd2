using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace Observability.Benchmarks;

/// <summary>
/// An OTLP/HTTP logs export request of one Claude Code session's records, as its exporter batches them: in turn an API
/// request (an llm:call and an agent:event), a tool decision by the configuration and a tool result (an agent:event
/// each). The session id is <see cref="Placeholder"/>, the same length as the unique id bench/otlp-batch.lua splices in per
/// request, so the protobuf lengths stay valid and every request's records are new.
/// </summary>
internal static class OtlpTemplate
{
    public const string Placeholder = "SESSIONSESSIONSESSIONSESSIONSESS";

    public static int Write(string path, int batch)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code.events", Version = "2.0.31" } };
        const long t0 = 1_764_900_000_000_000_000;
        for (var i = 0; i < batch; i++)
        {
            var (name, attributes) = (i % 3) switch
            {
                0 => ("api_request", new (string, AnyValue)[]
                {
                    ("model", S("claude-sonnet-4-5")), ("cost_usd", new AnyValue { DoubleValue = 0.0123 }), ("duration_ms", S("4210")),
                    ("input_tokens", S("1200")), ("output_tokens", S("380")), ("cache_read_tokens", S("15000")), ("cache_creation_tokens", S("2048")),
                    ("request_id", S($"req_{i:D6}")), ("query_source", S("main")),
                }),
                1 => ("tool_decision", [("tool_name", S("Read")), ("decision", S("accept")), ("source", S("config"))]),
                _ => ("tool_result", [("tool_name", S("Read")), ("success", S("true")), ("duration_ms", S("12")), ("decision_type", S("accept")), ("decision_source", S("config"))]),
            };
            var record = new LogRecord
            {
                TimeUnixNano = (ulong)(t0 + (i * 1_000_000L)),
                ObservedTimeUnixNano = (ulong)(t0 + (i * 1_000_000L)),
                SeverityNumber = SeverityNumber.Info,
                Body = S("claude_code." + name),
            };
            record.Attributes.Add(Kv("event.name", S(name)));
            record.Attributes.Add(Kv("event.timestamp", S("2025-12-05T02:00:00.000Z")));
            record.Attributes.Add(Kv("event.sequence", new AnyValue { IntValue = i + 1 }));
            record.Attributes.Add(Kv("session.id", S(Placeholder)));
            record.Attributes.Add(Kv("app.version", S("2.0.31")));
            record.Attributes.Add(Kv("organization.id", S("org-1")));
            record.Attributes.Add(Kv("user.account_uuid", S("acct-1")));
            record.Attributes.Add(Kv("terminal.type", S("vscode")));
            record.Attributes.Add(Kv("prompt.id", S("p-1")));
            foreach (var (key, value) in attributes)
            {
                record.Attributes.Add(Kv(key, value));
            }

            scope.LogRecords.Add(record);
        }

        var resource = new ResourceLogs { Resource = new Resource() };
        resource.Resource.Attributes.Add(Kv("service.name", S("claude-code")));
        resource.Resource.Attributes.Add(Kv("service.version", S("2.0.31")));
        resource.Resource.Attributes.Add(Kv("team.id", S("platform")));
        resource.Resource.Attributes.Add(Kv("project", S("checkout")));
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        File.WriteAllBytes(path, request.ToByteArray());
        Console.WriteLine($"{path}: {batch} records, {request.CalculateSize()} bytes");
        return 0;
    }

    private static AnyValue S(string text) => new() { StringValue = text };

    private static KeyValue Kv(string key, AnyValue value) => new() { Key = key, Value = value };
}
