using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// OpenTelemetry traces and meters for the sidecar's own work, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. OpenTelemetry.Extensions.Hosting is not available here, so
/// this service ties the SDK's providers to the host's lifetime: built at start, flushed and disposed at stop.
/// </summary>
internal sealed class TelemetryService(BuildInfo build, IConfiguration configuration, ILogger<TelemetryService> logger) : IHostedService, IDisposable
{
    public const string SourceName = "Observability.Sidecar";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    /// <summary>Events handled by <c>POST /api/v1/events</c>, tagged by outcome (accepted, duplicate, rejected).</summary>
    public static readonly Counter<long> EventsHandled = Meter.CreateCounter<long>(
        "agentobs.events.handled", "{event}", "Events handled by the ingestion API, by outcome.");

    /// <summary>Time to handle one ingestion request, durable append included.</summary>
    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>(
        "agentobs.ingest.duration", "s", "Time to handle one ingestion request, durable append included.");

    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return Task.CompletedTask;
        }

        var resource = ResourceBuilder.CreateDefault().AddService("observability-sidecar", serviceVersion: build.Version);
        // ASP.NET Core emits its own request spans and http.server.* meters natively. The request span must be recorded
        // too: our spans are its children, and the default parent-based sampler drops children of an unrecorded parent.
        _tracer = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource)
            .AddSource(SourceName, "Microsoft.AspNetCore")
            .AddOtlpExporter()
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource)
            .AddMeter(SourceName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddOtlpExporter()
            .Build();
        Log.OtlpEnabled(logger, endpoint);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracer?.ForceFlush(5000);
        _meter?.ForceFlush(5000);
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
        _tracer = null;
        _meter = null;
    }
}
