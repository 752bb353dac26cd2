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

        var s = feed.ReadCurrent(state.Log, () => queries.Summary(scope));
        return AnalyticsQuery.JsonAsync(context, new
        {
            computed_at = time.GetUtcNow(),
            scope = new { at = scope.At, from = scope.From, to = scope.To },
            event_count = s.EventCount,
            last_sequence = s.LastSequence,
            tasks = s.Tasks,
            chains = s.Chains,
            requests = s.Requests,
            agents = s.Agents,
        });
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
