using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Observability.Sidecar.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>
/// A real OTLP client: the OpenTelemetry .NET SDK's exporter (http/protobuf) in this process sends logs and metrics with
/// Claude Code's names and attributes to a real sidecar. The .NET exporter has no http/json: OTLP JSON is covered by the
/// fixtures written from the specification and the agents' docs (<see cref="OtlpReceiverTests"/>, <see cref="ClaudeCodeSessionTests"/>).
/// </summary>
public sealed class OtlpExporterTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task Logs_ClaudeCodeEventsThroughTheSdkExporter_LlmCallsAndHumanInterventionsCounted()
    {
        const string model = "sdk-logs-model";
        var session = $"sdk-{Guid.NewGuid():N}";
        var before = await Sidecar.ScrapeAsync();

        using (var factory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(Resource().AddAttributes([new("task.id", "TASK-9")]));
            options.AddOtlpExporter(exporter => Point(exporter, "v1/logs"));
        })))
        {
            var logger = factory.CreateLogger("com.anthropic.claude_code.events");
            Event(logger, "api_request", session, 1, ("model", model), ("cost_usd", 0.5), ("input_tokens", 1000L), ("output_tokens", 200L),
                ("cache_read_tokens", 4000L), ("cache_creation_tokens", 10L), ("duration_ms", 1500L));
            Event(logger, "tool_decision", session, 2, ("tool_name", "Bash"), ("decision", "reject"), ("source", "user_reject"));
            Event(logger, "tool_decision", session, 3, ("tool_name", "Read"), ("decision", "accept"), ("source", "config"));
            Event(logger, "api_request", session, 4, ("model", model), ("cost_usd", 0.25), ("input_tokens", 500L), ("output_tokens", 100L));
        }

        var after = await Sidecar.ScrapeUntilAsync(TimeSpan.FromSeconds(10), m => m.ValueOrZero("agentobs_llm_calls_total", "model", model) >= 2);
        Assert.Equal(2, after.ValueOrZero("agentobs_llm_calls_total", "model", model));
        Assert.Equal(0.75, after.ValueOrZero("agentobs_llm_cost_usd_total", "model", model), 9);
        Assert.Equal(1500, after.ValueOrZero("agentobs_llm_tokens_total", "model", model, "direction", "input"));
        Assert.Equal(
            before.ValueOrZero("agentobs_human_interventions_total", "reason", "user_reject") + 1,
            after.ValueOrZero("agentobs_human_interventions_total", "reason", "user_reject"));
        Assert.Equal(
            before.ValueOrZero("agentobs_agent_tool_decisions_total", "agent", "claude-code", "tool", "Read", "decision", "accept", "source", "config") + 1,
            after.ValueOrZero("agentobs_agent_tool_decisions_total", "agent", "claude-code", "tool", "Read", "decision", "accept", "source", "config"));
    }

    [Theory]
    [InlineData(MetricReaderTemporalityPreference.Delta, "sdk-delta")]
    [InlineData(MetricReaderTemporalityPreference.Cumulative, "sdk-cumulative")]
    public async Task Metrics_CountersInEitherTemporality_FoldedOnceIntoCumulativeCounters(MetricReaderTemporalityPreference temporality, string model)
    {
        using var meter = new Meter($"com.anthropic.claude_code.{model}");
        var cost = meter.CreateCounter<double>("claude_code.cost.usage", "USD");
        var tokens = meter.CreateCounter<long>("claude_code.token.usage", "tokens");
        var session = new KeyValuePair<string, object?>("session.id", $"s-{Guid.NewGuid():N}");
        var resetsBefore = (await Sidecar.ScrapeAsync()).ValueOrZero("agentobs_agent_usage_resets_total", "agent", "claude-code");

        using (var provider = Meters(meter, temporality))
        {
            cost.Add(0.5, new("model", model), session);
            tokens.Add(1000, new("model", model), new("type", "cacheRead"), session);
            Assert.True(provider.ForceFlush(10_000));
            cost.Add(0.25, new("model", model), session);
            tokens.Add(500, new("model", model), new("type", "cacheRead"), session);
            Assert.True(provider.ForceFlush(10_000));

            // Nothing new: a cumulative exporter sends the same totals again at a later time, which adds nothing.
            Assert.True(provider.ForceFlush(10_000));
        }

        // The agent restarts: a new provider is a new start time, so its first cumulative total is all new.
        using (var provider = Meters(meter, temporality))
        {
            cost.Add(0.125, new("model", model), session);
            Assert.True(provider.ForceFlush(10_000));
        }

        var after = await Sidecar.ScrapeUntilAsync(
            TimeSpan.FromSeconds(10), m => m.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", model) >= 0.875);
        Assert.Equal(0.875, after.ValueOrZero("agentobs_agent_cost_usd_total", "agent", "claude-code", "model", model), 9);
        Assert.Equal(1500, after.ValueOrZero("agentobs_agent_tokens_total", "agent", "claude-code", "model", model, "type", "cacheRead"));
        var resets = after.ValueOrZero("agentobs_agent_usage_resets_total", "agent", "claude-code") - resetsBefore;
        Assert.Equal(temporality == MetricReaderTemporalityPreference.Cumulative ? 1 : 0, resets);
    }

    private MeterProvider Meters(Meter meter, MetricReaderTemporalityPreference temporality) => Sdk.CreateMeterProviderBuilder()
        .SetResourceBuilder(Resource())
        .AddMeter(meter.Name)
        .AddOtlpExporter((exporter, reader) =>
        {
            Point(exporter, "v1/metrics");
            reader.TemporalityPreference = temporality;
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
        })
        .Build();

    private void Point(OtlpExporterOptions exporter, string path)
    {
        exporter.Endpoint = new Uri(Sidecar.BaseAddress, path);
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
    }

    internal static ResourceBuilder Resource() => ResourceBuilder.CreateEmpty()
        .AddService("claude-code", serviceVersion: "2.0.31")
        .AddAttributes([new("team.id", "platform"), new("project", "checkout")]);

    // As Claude Code writes its events: event.name unqualified, the qualified name as the body, the session's sequence.
    internal static void Event(ILogger logger, string name, string session, long sequence, params (string Key, object Value)[] attributes)
    {
        var state = new List<KeyValuePair<string, object?>>
        {
            new("event.name", name),
            new("event.timestamp", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            new("event.sequence", sequence),
            new("session.id", session),
        };
        state.AddRange(attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value)));
        state.Add(new("{OriginalFormat}", "claude_code." + name));
#pragma warning disable CA1848, CA2254 // the state is Claude Code's record, not a message template
        logger.Log(LogLevel.Information, default, state, null, (_, _) => "claude_code." + name);
#pragma warning restore CA1848, CA2254
    }
}
