using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Health;
using Observability.Sidecar.Security;

namespace Observability.Sidecar.Hosting;

/// <summary><c>app.MapObservabilitySidecar()</c>: the ingestion API, /metrics, the probes and the analytics.</summary>
public static class SidecarEndpointRouteBuilderExtensions
{
    /// <summary>Maps every endpoint; fails with a clear message when <c>AddObservabilitySidecar</c> was not called.</summary>
    public static IEndpointRouteBuilder MapObservabilitySidecar(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetService<SidecarServiceCollectionExtensions.SidecarMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapObservabilitySidecar needs services.AddObservabilitySidecar(configuration) to be called first.");
        }

        // Routing's bare 404 and 405 answers become problem+json too (a WebApplication is also the app builder).
        (app as IApplicationBuilder)?.UseRoutingProblems();

        // Every endpoint below gets its line of the access table (Security/AccessTable.cs) as its policy.
        var endpoints = app.MapGroup(string.Empty).WithAccessTable();
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
        Compaction.AdminRefreshEndpoint.Map(endpoints);
        SourceWebhooks.SourceWebhookServices.Map(endpoints);
        CloudEvents.CloudEventsEndpoint.Map(endpoints);
        Otlp.OtlpServices.Map(endpoints);

        // The receivers' rules load now, so their self-metric is on the first scrape and the rule count in the log.
        app.ServiceProvider.GetRequiredService<Inbound.InboundIngest>();
        Security.EndpointAccessCheck.ThrowIfAnyMissing(app);
        return app;
    }
}
