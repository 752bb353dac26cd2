using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>GET /api/v1/summary</c> (ADR-009's aggregate; <c>?at=</c> reconstructs a past state, <c>?from&amp;to</c>
/// restricts the window) and <c>GET /api/agent/metrics</c> (the pipeline-observability contract plus <c>by_executor</c>;
/// <c>?window=</c> or <c>?from&amp;to</c>). Both are computed under the projection host's lock once it has applied
/// every acknowledged event.
/// </summary>
internal static class SummaryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/summary", SummaryAsync);
        endpoints.MapGet("/api/agent/metrics", AgentMetricsAsync);
    }

    private static async Task SummaryAsync(HttpContext context, DerivedReads reads, PipelineQueries queries, TimeProvider time)
    {
        TimeScope scope = default;
        if ((AnalyticsQuery.Unknown(context.Request, "at", "from", "to") ?? AnalyticsQuery.TryScope(context.Request, allowAt: true, out scope)) is { } error)
        {
            await AnalyticsQuery.ProblemAsync(context, error);
            return;
        }

        var summary = await reads.ReadAsync(() => queries.Summary(scope), context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, SummaryAnswer.Of(summary, scope, time.GetUtcNow()));
    }

    private static async Task AgentMetricsAsync(HttpContext context, DerivedReads reads, PipelineQueries queries, TimeProvider time)
    {
        TimeScope scope = default;
        if ((AnalyticsQuery.Unknown(context.Request, "window", "from", "to")
            ?? AnalyticsQuery.TryWindow(context.Request, "all", allowRange: true, time.GetUtcNow(), out _, out scope)) is { } error)
        {
            await AnalyticsQuery.ProblemAsync(context, error);
            return;
        }

        await AnalyticsQuery.JsonAsync(context, await reads.ReadAsync(() => queries.AgentMetrics(scope), context.RequestAborted));
    }
}
