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
        _tracer = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(SourceName).AddOtlpExporter().Build();
        _meter = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(SourceName).AddOtlpExporter().Build();
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
