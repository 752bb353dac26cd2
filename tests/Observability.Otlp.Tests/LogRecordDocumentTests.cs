using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Observability.Inbound;
using Observability.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Observability.Otlp.Tests;

/// <summary>
/// A log record answers the rules from its protobuf exactly as its JSON form would: the same envelopes, byte for byte,
/// with the same ids, whichever of the two the rules read.
/// </summary>
public sealed class LogRecordDocumentTests
{
    private static readonly InboundMapping Shipped = InboundMapping.Load();

    // Every value the document can hold at every place a path can reach, and paths that reach nothing.
    internal static readonly string[] Paths =
    [
        "name", "eventName", "timeUnixNano", "observedTimeUnixNano", "severityNumber", "severityText", "body", "body.k", "body.k.x",
        "traceId", "spanId", "attributes", "attributes.s", "attributes.empty", "attributes.i", "attributes.big", "attributes.d",
        "attributes.whole", "attributes.nan", "attributes.bytes", "attributes.flag", "attributes.list", "attributes.list.1",
        "attributes.list.9", "attributes.list.x", "attributes.kv", "attributes.kv.inner", "attributes.kv.deep.x", "attributes.a.b",
        "attributes.a.c", "attributes.a", "attributes.dup", "attributes.none", "attributes.missing", "attributes.s.x",
        "attributes.session.id", "resource", "resource.service.name", "resource.service", "scope", "scope.name", "scope.version",
        "scope.other", "scope.name.x", "context", "context.team", "context.task.id", "context.task", "context.team.x",
        "context.missing", "unknown", "name.x",
    ];

    [Theory]
    [InlineData("agents/claude-code-session-logs.json")]
    [InlineData("agents/codex-logs.json")]
    [InlineData("agents/gemini-cli-logs.json")]
    [InlineData("otlp-example-logs.json")]
    public void Translate_ShippedRulesOnAFixture_SameEnvelopesAsTheRecordsJson(string fixture)
    {
        var request = OtlpDecoder.DecodeLogs(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)), OtlpEncoding.Json);
        using var documents = LogDocuments.Build(request, new OtlpContext());

        var compared = documents.Items.Sum(document => AssertSameTranslation(Shipped, document));

        Assert.True(fixture.StartsWith("otlp-", StringComparison.Ordinal) || compared >= 5, $"only {compared} envelopes compared");
    }

    [Fact]
    public void Translate_EveryKindOfValueAndPath_SameEnvelopeAsTheRecordsJson()
    {
        var mapping = EveryPathMapping();
        var context = EdgeContext();
        using var documents = LogDocuments.Build(EdgeRequest(), context);

        var envelope = JsonDocument.Parse(Assert.Single(mapping.Translate(LogDocuments.Kind, documents.Items[0]).Events).Json).RootElement;
        Assert.Equal(1, AssertSameTranslation(mapping, documents.Items[0]));

        // The comparison is worth something only if the paths found what they point at.
        var metadata = envelope.GetProperty("metadata");
        Assert.Equal("ab", metadata.GetProperty($"p{Array.IndexOf(Paths, "attributes.a.b")}").GetString());
        Assert.Equal("c", metadata.GetProperty($"p{Array.IndexOf(Paths, "attributes.a.c")}").GetString());
        Assert.Equal("second", metadata.GetProperty($"p{Array.IndexOf(Paths, "attributes.dup")}").GetString());
        Assert.Equal(1L << 60, metadata.GetProperty($"p{Array.IndexOf(Paths, "attributes.big")}").GetInt64());
        Assert.Equal("T-9", metadata.GetProperty($"p{Array.IndexOf(Paths, "context.task.id")}").GetString());
        Assert.Equal(3, metadata.GetProperty("count").GetInt32());
        Assert.Equal("found", metadata.GetProperty("lookup").GetString());
        Assert.False(metadata.TryGetProperty($"p{Array.IndexOf(Paths, "attributes.missing")}", out _));
    }

    /// <summary>A rule that writes every path of <see cref="Paths"/> and a few functions over them.</summary>
    internal static InboundMapping EveryPathMapping(string when = "[\"attributes.flag == true\", \"attributes.i in ['42']\", \"!attributes.missing\"]")
    {
        var yaml = new StringBuilder("""
            rules:
              - name: every-path
                kind: otlp.log
                when: WHEN
                id: []
                idPrefix: edge
                source: "'test'"
                event:
                  eventType: "'agent:event'"
                  metadata.count: count(attributes.list)
                  metadata.text: text(attributes.d)
                  metadata.number: number(timeUnixNano)
                  metadata.time: nanos(timeUnixNano)
                  metadata.lookup: "lookup(attributes.s, 'text=found;*=other')"

            """);
        for (var i = 0; i < Paths.Length; i++)
        {
            yaml.Append("      metadata.p").Append(i).Append(": ").Append(Paths[i]).Append('\n');
        }

        return InboundMapping.FromYaml(("every-path.yaml", yaml.Replace("WHEN", when).ToString()));
    }

    /// <summary>A context with a configured name that holds a dot.</summary>
    internal static OtlpContext EdgeContext() => new(new Dictionary<string, string> { ["team.id"] = "team", ["task"] = "task.id" });

    // Translates the record and its JSON form; returns the number of envelopes compared.
    internal static int AssertSameTranslation(InboundMapping mapping, InboundDocument record)
    {
        using var json = JsonDocument.Parse(record.ToJsonText());
        var fromRecord = mapping.Translate(LogDocuments.Kind, record);
        var fromJson = mapping.Translate(LogDocuments.Kind, json.RootElement);

        Assert.Equal(fromJson.Matched, fromRecord.Matched);
        Assert.Equal(fromJson.Events.Select(e => (e.Rule, e.Id, Encoding.UTF8.GetString(e.Json.Span))), fromRecord.Events.Select(e => (e.Rule, e.Id, Encoding.UTF8.GetString(e.Json.Span))));
        return fromRecord.Events.Count;
    }

    internal static ExportLogsServiceRequest EdgeRequest()
    {
        var record = new LogRecord
        {
            TimeUnixNano = 1_764_900_000_123_456_789,
            ObservedTimeUnixNano = 1_764_900_001_000_000_000,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "INFO",
            EventName = "edge.event",
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
            SpanId = ByteString.CopyFrom(Enumerable.Range(1, 8).Select(i => (byte)i).ToArray()),
            Body = KeyValues(("k", new AnyValue { StringValue = "body-k" })),
        };
        var kv = KeyValues(("inner", new AnyValue { IntValue = 7 }), ("deep", KeyValues(("x", new AnyValue { BoolValue = false }))));
        var a = KeyValues(("b", new AnyValue { StringValue = "a-b" }), ("c", new AnyValue { StringValue = "c" }));
        var list = new AnyValue { ArrayValue = new ArrayValue() };
        list.ArrayValue.Values.Add(new AnyValue { StringValue = "zero" });
        list.ArrayValue.Values.Add(new AnyValue { DoubleValue = 1.5 });
        list.ArrayValue.Values.Add(new AnyValue());
        foreach (var (key, value) in new (string, AnyValue)[]
        {
            ("s", new AnyValue { StringValue = "text" }), ("empty", new AnyValue { StringValue = "" }), ("i", new AnyValue { IntValue = 42 }),
            ("big", new AnyValue { IntValue = 1L << 60 }), ("d", new AnyValue { DoubleValue = 0.0123 }), ("whole", new AnyValue { DoubleValue = 3.0 }),
            ("nan", new AnyValue { DoubleValue = double.NaN }), ("bytes", new AnyValue { BytesValue = ByteString.CopyFromUtf8("raw") }),
            ("flag", new AnyValue { BoolValue = true }), ("list", list), ("kv", kv), ("a", a), ("a.b", new AnyValue { StringValue = "ab" }),
            ("dup", new AnyValue { StringValue = "first" }), ("dup", new AnyValue { StringValue = "second" }), ("none", new AnyValue()),
            ("session.id", new AnyValue { StringValue = "s-1" }), ("task", new AnyValue { StringValue = "T-9" }),
        })
        {
            record.Attributes.Add(new KeyValue { Key = key, Value = value });
        }

        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "edge.scope", Version = "1.2.3" } };
        scope.LogRecords.Add(record);
        var resource = new ResourceLogs { Resource = new OpenTelemetry.Proto.Resource.V1.Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "edge" } });
        resource.Resource.Attributes.Add(new KeyValue { Key = "team.id", Value = new AnyValue { StringValue = "platform" } });
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    private static AnyValue KeyValues(params (string Key, AnyValue Value)[] entries)
    {
        var value = new AnyValue { KvlistValue = new KeyValueList() };
        foreach (var (key, entry) in entries)
        {
            value.KvlistValue.Values.Add(new KeyValue { Key = key, Value = entry });
        }

        return value;
    }
}
