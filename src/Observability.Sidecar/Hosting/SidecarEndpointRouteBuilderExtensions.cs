using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Health;

namespace Observability.Sidecar.Hosting;

/// <summary><c>app.MapObservabilitySidecar()</c>: the ingestion API, /metrics, the probes and the analytics.</summary>
public static class SidecarEndpointRouteBuilderExtensions
{
    /// <summary>Maps every endpoint; fails with a clear message when <c>AddObservabilitySidecar</c> was not called.</summary>
    public static IEndpointRouteBuilder MapObservabilitySidecar(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SidecarServiceCollectionExtensions.SidecarMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapObservabilitySidecar needs services.AddObservabilitySidecar(configuration) to be called first.");
        }

        // Routing's bare 404 and 405 answers become problem+json too (a WebApplication is also the app builder).
        (endpoints as IApplicationBuilder)?.UseRoutingProblems();
        endpoints.MapPost("/api/v1/events", EventsEndpoint.HandleAsync);
        endpoints.MapGet("/metrics", MetricsEndpoint.HandleAsync);
        endpoints.MapSidecarHealthChecks();
        endpoints.MapGet("/version", VersionEndpoint.Handle);
        SummaryEndpoints.Map(endpoints);
        RunRecordEndpoints.Map(endpoints);
        RunReportEndpoints.Map(endpoints);
        endpoints.MapGet("/api/v1/windows", WindowsEndpoint.HandleAsync);
        ExperimentEndpoints.Map(endpoints);
        GoalEndpoints.Map(endpoints);
        Proposals.ProposalEndpoints.Map(endpoints);
        Review.ReviewEndpoints.Map(endpoints);
        Learning.LearningEndpoints.Map(endpoints);
        Compaction.AdminCompactEndpoint.Map(endpoints);
        Otlp.OtlpServices.Map(endpoints);

        // The receivers' rules load now, so their self-metric is on the first scrape and the rule count in the log.
        endpoints.ServiceProvider.GetRequiredService<Inbound.InboundIngest>();
        return endpoints;
    }
}
