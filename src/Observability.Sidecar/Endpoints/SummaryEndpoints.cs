using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>GET /api/v1/summary</c> (seed 000's aggregate; <c>?at=</c> reconstructs a past state, <c>?from&amp;to</c>
/// restricts the window) and <c>GET /api/agent/metrics</c> (seed 003's contract plus <c>by_executor</c>;
/// <c>?window=</c> or <c>?from&amp;to</c>). Both are computed under the feed's lock after it caught up, so they
/// include every acknowledged event.
/// </summary>
internal static class SummaryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/summary", SummaryAsync);
        endpoints.MapGet("/api/agent/metrics", AgentMetricsAsync);
    }

    private static Task SummaryAsync(HttpContext context, SidecarState state, AnalyticsFeed feed, PipelineQueries queries, TimeProvider time)
    {
        TimeScope scope = default;
        if ((AnalyticsQuery.Unknown(context.Request, "at", "from", "to") ?? AnalyticsQuery.TryScope(context.Request, allowAt: true, out scope)) is { } error)
        {
            return AnalyticsQuery.ProblemAsync(context, error);
        }

        var summary = feed.ReadCurrent(state.Log, () => queries.Summary(scope));
        return AnalyticsQuery.JsonAsync(context, SummaryAnswer.Of(summary, scope, time.GetUtcNow()));
    }

    private static Task AgentMetricsAsync(HttpContext context, SidecarState state, AnalyticsFeed feed, PipelineQueries queries, TimeProvider time)
    {
        TimeScope scope = default;
        if ((AnalyticsQuery.Unknown(context.Request, "window", "from", "to")
            ?? AnalyticsQuery.TryWindow(context.Request, "all", allowRange: true, time.GetUtcNow(), out _, out scope)) is { } error)
        {
            return AnalyticsQuery.ProblemAsync(context, error);
        }

        return AnalyticsQuery.JsonAsync(context, feed.ReadCurrent(state.Log, () => queries.AgentMetrics(scope)));
    }
}
