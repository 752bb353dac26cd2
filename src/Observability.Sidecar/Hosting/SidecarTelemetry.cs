using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// The sidecar's own activity source and meter: an <c>ingest</c> span per ingestion request, events handled by
/// outcome and the time to handle a request. They cost nothing unless OpenTelemetry listens
/// (<see cref="SidecarTelemetryServiceCollectionExtensions.AddSidecarTelemetry"/>).
/// </summary>
internal static class SidecarTelemetry
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
}
