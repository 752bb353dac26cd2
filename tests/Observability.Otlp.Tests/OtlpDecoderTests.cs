using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Observability.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace Observability.Otlp.Tests;

public sealed class OtlpDecoderTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void DecodeLogs_SpecExampleJson_HexTraceAndSpanIdsAreTheirBytes()
    {
        var request = OtlpDecoder.DecodeLogs(Fixture("otlp-example-logs.json"), OtlpEncoding.Json);

        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        Assert.Equal("5b8efff798038103d269b633813fc60c", Convert.ToHexStringLower(record.TraceId.Span));
        Assert.Equal("eee19b7ec3c1b174", Convert.ToHexStringLower(record.SpanId.Span));
        Assert.Equal(1544712660300000000UL, record.TimeUnixNano);
        Assert.Equal(SeverityNumber.Info2, record.SeverityNumber);
    }

    [Fact]
    public void DecodeLogs_JsonAndProtobufOfOneRequest_SameDocuments()
    {
        var fromJson = OtlpDecoder.DecodeLogs(Fixture("otlp-example-logs.json"), OtlpEncoding.Json);
        var fromProtobuf = OtlpDecoder.DecodeLogs(fromJson.ToByteArray(), OtlpEncoding.Protobuf);

        Assert.Equal(Documents(fromJson), Documents(fromProtobuf));
        Assert.Equal(fromJson, fromProtobuf);
    }

    [Fact]
    public void DecodeLogs_OtlpJsonRules_UnknownFieldsIgnoredIntegersAsTextOrNumberEnumsAsIntegers()
    {
        const string json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},
              "futureField":{"x":1},
              "scopeLogs":[{"scope":{"name":"com.anthropic.claude_code.events"},"logRecords":[
                {"timeUnixNano":1700000000000000000,"severityNumber":9,"body":{"stringValue":"claude_code.api_request"},
                 "attributes":[{"key":"input_tokens","value":{"intValue":"1200"}},{"key":"output_tokens","value":{"intValue":80}},
                               {"key":"cost_usd","value":{"doubleValue":0.0123}},{"key":"event.name","value":{"stringValue":"api_request"}}],
                 "somethingNew":true},
                {"time_unix_nano":"1700000000000000001","trace_id":"","body":{"stringValue":"second"}}]}]}]}
            """;

        var request = OtlpDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json), OtlpEncoding.Json);

        var records = request.ResourceLogs[0].ScopeLogs[0].LogRecords;
        Assert.Equal(1700000000000000000UL, records[0].TimeUnixNano);
        Assert.Equal(SeverityNumber.Info, records[0].SeverityNumber);
        Assert.Equal(1200, records[0].Attributes[0].Value.IntValue);
        Assert.Equal(80, records[0].Attributes[1].Value.IntValue);
        Assert.Equal(1700000000000000001UL, records[1].TimeUnixNano);
    }

    [Fact]
    public void DecodeMetrics_SpecExampleJson_TemporalityAndValues()
    {
        var request = OtlpDecoder.DecodeMetrics(Fixture("otlp-example-metrics.json"), OtlpEncoding.Json);

        var sum = request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0];
        Assert.Equal(Metric.DataOneofCase.Sum, sum.DataCase);
        Assert.Equal(AggregationTemporality.Delta, sum.Sum.AggregationTemporality);
        Assert.Equal(5, sum.Sum.DataPoints[0].AsDouble);
    }

    [Fact]
    public void DecodeLogs_TruncatedProtobuf_ThrowsNamingTheDecodeError()
    {
        var bytes = Claude().ToByteArray();

        var error = Assert.Throws<OtlpDecodeException>(() => OtlpDecoder.DecodeLogs(bytes.AsSpan(0, bytes.Length - 3), OtlpEncoding.Protobuf));

        Assert.Contains("protobuf ExportLogsServiceRequest", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{\"resourceLogs\":[", "OTLP JSON")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"soon\"}]}]}]}", "OTLP JSON")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"5B8EFFF798038103D269B633813FC6\"}]}]}]}", "traceId")]
    public void DecodeLogs_MalformedJson_ThrowsNamingWhatIsWrong(string json, string named)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json), OtlpEncoding.Json));

        Assert.True(error.Message.Contains(named, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void ExportAnswer_PartialSuccessJson_NamesRejectedCountAndMessage()
    {
        var json = Encoding.UTF8.GetString(ExportAnswer.Logs(2, "2 records rejected", OtlpEncoding.Json));

        using var document = JsonDocument.Parse(json);
        var partial = document.RootElement.GetProperty("partialSuccess");
        Assert.Equal("2", partial.GetProperty("rejectedLogRecords").GetString());
        Assert.Equal("2 records rejected", partial.GetProperty("errorMessage").GetString());
        using var empty = JsonDocument.Parse(ExportAnswer.Logs(0, null, OtlpEncoding.Json));
        Assert.Empty(empty.RootElement.EnumerateObject());
        Assert.Equal(2, ExportLogsServiceResponse.Parser.ParseFrom(ExportAnswer.Logs(2, "x", OtlpEncoding.Protobuf)).PartialSuccess.RejectedLogRecords);
    }

    internal static ExportLogsServiceRequest Claude()
    {
        var record = new LogRecord { TimeUnixNano = 1700000000000000000, Body = new AnyValue { StringValue = "claude_code.api_request" } };
        record.Attributes.Add(new KeyValue { Key = "event.name", Value = new AnyValue { StringValue = "api_request" } });
        record.Attributes.Add(new KeyValue { Key = "session.id", Value = new AnyValue { StringValue = "s-1" } });
        record.Attributes.Add(new KeyValue { Key = "input_tokens", Value = new AnyValue { IntValue = 1200 } });
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code.events" } };
        scope.LogRecords.Add(record);
        var resource = new ResourceLogs { Resource = new OpenTelemetry.Proto.Resource.V1.Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "claude-code" } });
        resource.Resource.Attributes.Add(new KeyValue { Key = "team.id", Value = new AnyValue { StringValue = "platform" } });
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    private static string[] Documents(ExportLogsServiceRequest request)
    {
        using var documents = LogDocuments.Build(request, new OtlpContext());
        return [.. documents.Items.Select(d => d.ToJsonText())];
    }
}
