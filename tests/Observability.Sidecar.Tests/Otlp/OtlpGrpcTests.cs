using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Observability.Sidecar.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using LogRecord = OpenTelemetry.Proto.Logs.V1.LogRecord;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>
/// OTLP/gRPC against a real sidecar with both listeners: the OpenTelemetry .NET SDK's exporter with
/// <see cref="OtlpExportProtocol.Grpc"/> sending Claude Code's events and counters (the figures equal those of the same
/// data over http/protobuf in the same process), and a gRPC client for the exact statuses: duplicates, partial success,
/// limits, gzip, and what the gRPC listener answers to anything else.
/// </summary>
public sealed class OtlpGrpcTests(OtlpGrpcTests.Fixture fixture) : IClassFixture<OtlpGrpcTests.Fixture>
{
    private OtlpGrpcSidecar Grpc => fixture.Grpc;

    private SidecarProcess Sidecar => fixture.Grpc.Sidecar;

    [Fact]
    public async Task Logs_ClaudeCodeEventsThroughTheSdkGrpcExporter_SameFiguresAsHttpProtobuf()
    {
        var before = await Sidecar.ScrapeAsync();
        SendEvents(OtlpExportProtocol.Grpc, "grpc-logs-model");
        SendEvents(OtlpExportProtocol.HttpProtobuf, "http-logs-model");

        var after = await Sidecar.ScrapeUntilAsync(
            TimeSpan.FromSeconds(10),
            m => m.ValueOrZero("agentobs_llm_calls_total", "model", "grpc-logs-model") >= 2 && m.ValueOrZero("agentobs_llm_calls_total", "model", "http-logs-model") >= 2);
        Assert.Equal(2, after.ValueOrZero("agentobs_llm_calls_total", "model", "grpc-logs-model"));
        foreach (var (name, labels) in new (string, string[])[]
        {
            ("agentobs_llm_calls_total", []),
            ("agentobs_llm_cost_usd_total", []),
            ("agentobs_llm_tokens_total", ["direction", "input"]),
            ("agentobs_llm_tokens_total", ["direction", "output"]),
        })
        {
            Assert.Equal(after.ValueOrZero(name, ["model", "http-logs-model", .. labels]), after.ValueOrZero(name, ["model", "grpc-logs-model", .. labels]), 9);
        }

        Assert.Equal(0.75, after.ValueOrZero("agentobs_llm_cost_usd_total", "model", "grpc-logs-model"), 9);
        Assert.Equal(
            before.ValueOrZero("agentobs_human_interventions_total", "reason", "user_reject") + 2,
            after.ValueOrZero("agentobs_human_interventions_total", "reason", "user_reject"));
        Assert.Equal(
            before.ValueOrZero("agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "accepted") + 8,
            after.ValueOrZero("agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "accepted"));
    }

    [Theory]
    [InlineData(MetricReaderTemporalityPreference.Delta)]
    [InlineData(MetricReaderTemporalityPreference.Cumulative)]
    public async Task Metrics_SdkGrpcExporterEitherTemporality_SameFiguresAsHttpProtobuf(MetricReaderTemporalityPreference temporality)
    {
        var grpcModel = $"grpc-{temporality}".ToLowerInvariant();
        var httpModel = $"http-{temporality}".ToLowerInvariant();
        SendCounters(OtlpExportProtocol.Grpc, temporality, grpcModel);
        SendCounters(OtlpExportProtocol.HttpProtobuf, temporality, httpModel);

        var after = await Sidecar.ScrapeUntilAsync(
            TimeSpan.FromSeconds(10),
            m => m.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", grpcModel) >= 0.875
                && m.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", httpModel) >= 0.875);
        Assert.Equal(0.875, after.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", grpcModel), 9);
        Assert.Equal(0.875, after.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", httpModel), 9);
        Assert.Equal(1500, after.ValueOrZero("agentobs_agent_tokens_total", "agent", "claude-code", "model", grpcModel, "type", "cacheRead"));
        Assert.Equal(1500, after.ValueOrZero("agentobs_agent_tokens_total", "agent", "claude-code", "model", httpModel, "type", "cacheRead"));
    }

    [Fact]
    public async Task Export_SameRecordsTwice_StoredOnce()
    {
        var request = Session("grpc-twice");
        var records = request.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => s.LogRecords.Count));
        var before = await Sidecar.ScrapeAsync();

        var first = await Grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options());
        var middle = await Sidecar.ScrapeAsync();
        var second = await Grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options());
        var after = await Sidecar.ScrapeAsync();

        Assert.Null(first.PartialSuccess);
        Assert.Null(second.PartialSuccess);
        Assert.Equal(2, Increase(before, after, "agentobs_llm_calls_total", "model", "claude-sonnet-4-5"));
        var accepted = Increase(before, middle, "agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "accepted");
        Assert.True(accepted > 0 && accepted <= records, $"{accepted} of {records} accepted");
        Assert.Equal(0, Increase(middle, after, "agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "accepted"));
        Assert.Equal(accepted, Increase(middle, after, "agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "duplicate"));
    }

    [Fact]
    public async Task Export_SomeRecordsBad_PartialSuccessAsOverHttpOthersKept()
    {
        var json = JsonNode.Parse(OtlpReceiverTests.Session("grpc-partial"))!;
        var attributes = json["resourceLogs"]![0]!["scopeLogs"]![0]!["logRecords"]![5]!["attributes"]!.AsArray();
        attributes.First(a => a!["key"]!.GetValue<string>() == "cost_usd")!["value"] = new JsonObject { ["doubleValue"] = 5e7 };
        var body = Encoding.UTF8.GetBytes(json.ToJsonString());

        var overGrpc = await Grpc.Logs.ExportAsync(Decode(body), OtlpGrpcSidecar.Options());
        var overHttp = await OtlpHttp.PostAsync(Sidecar, "/v1/logs", body, "application/json");

        Assert.Equal(1, overGrpc.PartialSuccess.RejectedLogRecords);
        Assert.Contains("#5 metadata.costUsd", overGrpc.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.True(overHttp.Status == HttpStatusCode.OK, overHttp.ToString());
        var partial = overHttp.Json.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedLogRecords").GetString());
        Assert.Equal(partial.GetProperty("errorMessage").GetString(), overGrpc.PartialSuccess.ErrorMessage);
        var metrics = await Sidecar.ScrapeAsync();
        Assert.True(metrics.Value("agentobs_agent_events_total", "agent", "claude-code", "name", "claude_code.user_prompt") >= 1, metrics.Text);
    }

    [Fact]
    public async Task Export_GzipRequest_Stored()
    {
        var before = await Sidecar.ScrapeAsync();

        var reply = await Grpc.Logs.ExportAsync(Session("grpc-gzip"), OtlpGrpcSidecar.Options(gzip: true));

        Assert.Null(reply.PartialSuccess);
        var after = await Sidecar.ScrapeAsync();
        Assert.Equal(1, Increase(before, after, "agentobs_llm_calls_total", "model", "claude-haiku-4-5"));
    }

    [Fact]
    public async Task Export_OverTheLimit_ResourceExhaustedPlainOrInflated()
    {
        var big = Record("grpc-big", 1);
        big.Body = new AnyValue { StringValue = new string('x', (int)Fixture.Limit + 1) };
        var request = Request([big]);
        var before = await Sidecar.ScrapeAsync();

        var plain = await Assert.ThrowsAsync<RpcException>(() => Grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options()).ResponseAsync);
        var inflated = await Assert.ThrowsAsync<RpcException>(() => Grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options(gzip: true)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, plain.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, inflated.StatusCode);
        var after = await Sidecar.ScrapeAsync();
        Assert.Equal(0, Increase(before, after, "agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "accepted"));
        await Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Export_MoreRecordsThanTheCap_ResourceExhaustedNamingTheSettingNothingStored()
    {
        var request = Request([.. Enumerable.Range(1, Fixture.MaxItems + 1).Select(i => Record("grpc-many", i))]);
        var before = await Sidecar.ScrapeAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => Grpc.Logs.ExportAsync(request, OtlpGrpcSidecar.Options()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Otlp:MaxItemsPerRequest", refused.Status.Detail, StringComparison.Ordinal);
        var after = await Sidecar.ScrapeAsync();
        Assert.Equal(0, Increase(before, after, "agentobs_inbound_items_total", "kind", "otlp.log", "outcome", "accepted"));
    }

    [Fact]
    public async Task Listener_HttpApiRequest_404NamingTheExportMethodsMainListenerServesIt()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var onGrpc = await http.GetAsync(new Uri(Grpc.GrpcAddress, "metrics"));
        var body = await onGrpc.Content.ReadAsStringAsync();
        using var onMain = await Sidecar.Http.GetAsync(new Uri("metrics", UriKind.Relative));

        Assert.True(onGrpc.StatusCode == HttpStatusCode.NotFound, $"{onGrpc.StatusCode}: {body}");
        Assert.Equal("application/problem+json", onGrpc.Content.Headers.ContentType?.MediaType);
        Assert.Contains("opentelemetry.proto.collector.logs.v1.LogsService/Export", body, StringComparison.Ordinal);
        Assert.Contains("Otlp:GrpcUrl", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, onMain.StatusCode);
        await Sidecar.AssertOutputContainsAsync("OTLP/gRPC receiver listening on " + Grpc.GrpcAddress.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task Export_BytesThatDoNotDecodeOrAnotherMethod_InvalidArgumentNamingTheErrorOrUnimplemented()
    {
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var invoker = Grpc.Channel.CreateCallInvoker();
        var export = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Export", bytes, bytes);
        var other = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Query", bytes, bytes);

        var garbled = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(export, null, OtlpGrpcSidecar.Options(), [0x0A, 0xFF, 0xFF, 0xFF]).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(other, null, OtlpGrpcSidecar.Options(), []).ResponseAsync);

        // OTLP/gRPC retries only CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS.
        Assert.Equal(StatusCode.InvalidArgument, garbled.StatusCode);
        Assert.StartsWith("Not a valid protobuf ExportLogsServiceRequest", garbled.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);
        Assert.Contains("Otlp:GrpcUrl", unknown.Status.Detail, StringComparison.Ordinal);
        await Sidecar.AssertStillServingAsync();
        Assert.DoesNotContain("   at ", Sidecar.Output, StringComparison.Ordinal);
    }

    private void SendEvents(OtlpExportProtocol protocol, string model)
    {
        var session = $"{model}-{Guid.NewGuid():N}";
        using var factory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(OtlpExporterTests.Resource());
            options.AddOtlpExporter(exporter => Point(exporter, protocol, "v1/logs"));
        }));
        var logger = factory.CreateLogger("com.anthropic.claude_code.events");
        OtlpExporterTests.Event(logger, "api_request", session, 1, ("model", model), ("cost_usd", 0.5), ("input_tokens", 1000L), ("output_tokens", 200L),
            ("cache_read_tokens", 4000L), ("cache_creation_tokens", 10L), ("duration_ms", 1500L));
        OtlpExporterTests.Event(logger, "tool_decision", session, 2, ("tool_name", "Bash"), ("decision", "reject"), ("source", "user_reject"));
        OtlpExporterTests.Event(logger, "tool_decision", session, 3, ("tool_name", "Read"), ("decision", "accept"), ("source", "config"));
        OtlpExporterTests.Event(logger, "api_request", session, 4, ("model", model), ("cost_usd", 0.25), ("input_tokens", 500L), ("output_tokens", 100L));
    }

    // Two exports, one with nothing new, then the agent restarts (a new provider: a new start time).
    private void SendCounters(OtlpExportProtocol protocol, MetricReaderTemporalityPreference temporality, string model)
    {
        using var meter = new Meter($"com.anthropic.claude_code.{model}");
        var cost = meter.CreateCounter<double>("claude_code.cost.usage", "USD");
        var tokens = meter.CreateCounter<long>("claude_code.token.usage", "tokens");
        var session = new KeyValuePair<string, object?>("session.id", $"s-{Guid.NewGuid():N}");
        using (var provider = Meters(meter, protocol, temporality))
        {
            cost.Add(0.5, new("model", model), session);
            tokens.Add(1000, new("model", model), new("type", "cacheRead"), session);
            Assert.True(provider.ForceFlush(10_000));
            cost.Add(0.25, new("model", model), session);
            tokens.Add(500, new("model", model), new("type", "cacheRead"), session);
            Assert.True(provider.ForceFlush(10_000));
            Assert.True(provider.ForceFlush(10_000));
        }

        using (var provider = Meters(meter, protocol, temporality))
        {
            cost.Add(0.125, new("model", model), session);
            Assert.True(provider.ForceFlush(10_000));
        }
    }

    private MeterProvider Meters(Meter meter, OtlpExportProtocol protocol, MetricReaderTemporalityPreference temporality) => Sdk.CreateMeterProviderBuilder()
        .SetResourceBuilder(OtlpExporterTests.Resource())
        .AddMeter(meter.Name)
        .AddOtlpExporter((exporter, reader) =>
        {
            Point(exporter, protocol, "v1/metrics");
            reader.TemporalityPreference = temporality;
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
        })
        .Build();

    // gRPC exporters take the listener's address alone; http/protobuf ones the signal's path on the main listener.
    private void Point(OtlpExporterOptions exporter, OtlpExportProtocol protocol, string path)
    {
        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? Grpc.GrpcAddress : new Uri(Sidecar.BaseAddress, path);
    }

    private static double Increase(MetricsSnapshot before, MetricsSnapshot after, string name, params string[] labels) =>
        after.ValueOrZero(name, labels) - before.ValueOrZero(name, labels);

    private static ExportLogsServiceRequest Session(string session) => Decode(OtlpReceiverTests.Session(session));

    private static ExportLogsServiceRequest Decode(byte[] json) => Observability.Otlp.OtlpDecoder.DecodeLogs(json, Observability.Otlp.OtlpEncoding.Json);

    private static LogRecord Record(string session, long sequence)
    {
        var record = new LogRecord { TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000, Body = new AnyValue { StringValue = "claude_code.user_prompt" } };
        record.Attributes.Add(new KeyValue { Key = "event.name", Value = new AnyValue { StringValue = "user_prompt" } });
        record.Attributes.Add(new KeyValue { Key = "session.id", Value = new AnyValue { StringValue = session } });
        record.Attributes.Add(new KeyValue { Key = "event.sequence", Value = new AnyValue { IntValue = sequence } });
        return record;
    }

    private static ExportLogsServiceRequest Request(IEnumerable<LogRecord> records)
    {
        var scope = new ScopeLogs();
        scope.LogRecords.Add(records);
        var resource = new ResourceLogs { Resource = new OpenTelemetry.Proto.Resource.V1.Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "claude-code" } });
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public const long Limit = 64 * 1024;
        public const int MaxItems = 40;

        private readonly TempDirectory _directory = new("otlp-grpc");
        private OtlpGrpcSidecar? _grpc;

        internal OtlpGrpcSidecar Grpc => _grpc ?? throw new InvalidOperationException("The fixture was not initialized.");

        public async Task InitializeAsync() => _grpc = await OtlpGrpcSidecar.StartAsync(
            _directory.Combine("data"),
            ["--Otlp:MaxRequestBodyBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--Otlp:MaxItemsPerRequest", MaxItems.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        public async Task DisposeAsync()
        {
            if (_grpc is not null)
            {
                await _grpc.DisposeAsync();
            }

            _directory.Dispose();
        }
    }
}
