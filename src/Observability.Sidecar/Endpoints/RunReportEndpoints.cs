using Observability.Analytics;
using Observability.Analytics.Runs;
using Observability.Ingestion.Catalogue;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The WS-METRICS contract's reads: the run list (<c>wp_id</c>, <c>status</c>, <c>from</c>/<c>to</c> on the start, <c>limit</c>),
/// one run with its phases and bug fixes, the dashboard, the cost summary and the scoreboard. Windows are
/// <c>24h</c>, <c>7d</c>, <c>30d</c>, <c>90d</c> or <c>all</c> ending now; a bad parameter is a 400 problem naming it.
/// </summary>
internal static class RunReportEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/metrics/ws-executions", ListAsync);
        endpoints.MapGet("/api/v1/metrics/ws-executions/{id}", OneAsync);
        endpoints.MapGet("/api/v1/metrics/dashboard", DashboardAsync);
        endpoints.MapGet("/api/v1/metrics/cost-summary", CostSummaryAsync);
        endpoints.MapGet("/api/v1/metrics/scoreboard", ScoreboardAsync);
    }

    private static async Task ListAsync(HttpContext context, DerivedReads reads, RunRecordView runs)
    {
        var query = context.Request.Query;
        TimeScope scope = default;
        if ((AnalyticsQuery.Unknown(context.Request, "wp_id", "status", "from", "to", "limit")
            ?? AnalyticsQuery.TryScope(context.Request, allowAt: false, out scope)) is { } error)
        {
            await AnalyticsQuery.ProblemAsync(context, error);
            return;
        }

        string? status = query["status"];
        if (status is not null && !EventCatalogue.WsStatuses.Contains(status))
        {
            await AnalyticsQuery.ProblemAsync(context, new("status", $"'{status}' is not one of {string.Join(", ", EventCatalogue.WsStatuses)}."));
            return;
        }

        var limit = DefaultLimit;
        if (query["limit"] is { Count: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > MaxLimit))
        {
            await AnalyticsQuery.ProblemAsync(context, new("limit", $"'{limitText}' is not a whole number from 1 to {MaxLimit}."));
            return;
        }

        var filter = new RunFilter(query["wp_id"], status, scope.From, scope.To, limit);
        var (items, matched) = await reads.ReadAsync(() => runs.List(filter), context.RequestAborted);
        await AnalyticsQuery.JsonAsync(context, new { count = items.Count, matched, items });
    }

    private static async Task OneAsync(HttpContext context, string id, DerivedReads reads, RunRecordView runs) =>
        await (await reads.ReadAsync(() => runs.Find(id), context.RequestAborted) is { } record
            ? AnalyticsQuery.JsonAsync(context, record)
            : Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"id: no ws-execution '{id}' exists.", new { field = "id" }));

    private static async Task DashboardAsync(HttpContext context, DerivedReads reads, RunRecordView runs, TimeProvider time) =>
        await (AnalyticsQuery.Unknown(context.Request, "window", "from", "to") is { } unknown
            ? AnalyticsQuery.ProblemAsync(context, unknown)
            : AnalyticsQuery.TryWindow(context.Request, ReportWindow.Default, allowRange: true, time.GetUtcNow(), out var window, out var scope) is { } error
            ? AnalyticsQuery.ProblemAsync(context, error)
            : AnalyticsQuery.JsonAsync(context, await reads.ReadAsync(() => runs.Dashboard(window, scope), context.RequestAborted)));

    private static async Task CostSummaryAsync(HttpContext context, DerivedReads reads, RunRecordView runs, TimeProvider time) =>
        await (AnalyticsQuery.Unknown(context.Request, "window", "from", "to") is { } unknown
            ? AnalyticsQuery.ProblemAsync(context, unknown)
            : AnalyticsQuery.TryWindow(context.Request, "all", allowRange: true, time.GetUtcNow(), out _, out var scope) is { } error
            ? AnalyticsQuery.ProblemAsync(context, error)
            : AnalyticsQuery.JsonAsync(context, await reads.ReadAsync(() => runs.CostSummary(scope), context.RequestAborted)));

    private static async Task ScoreboardAsync(HttpContext context, DerivedReads reads, RunRecordView runs, TimeProvider time) =>
        await (AnalyticsQuery.Unknown(context.Request, "window") is { } unknown
            ? AnalyticsQuery.ProblemAsync(context, unknown)
            : AnalyticsQuery.TryWindow(context.Request, ReportWindow.Default, allowRange: false, time.GetUtcNow(), out var window, out var scope) is { } error
            ? AnalyticsQuery.ProblemAsync(context, error)
            : AnalyticsQuery.JsonAsync(context, await reads.ReadAsync(() => runs.Scoreboard(window, scope), context.RequestAborted)));
}
