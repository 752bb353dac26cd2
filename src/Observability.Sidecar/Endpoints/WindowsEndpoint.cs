using Microsoft.Extensions.Options;
using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>GET /api/v1/windows</c>: the rolling merge windows contract's rolling windows as of every acknowledged event: global and per project,
/// each window's value (null while undefined), n, size and source, the policy states and the thresholds.
/// </summary>
internal static class WindowsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, EventLogHandle state, DerivedReads reads, MergeWindowsView view, IOptions<AnalyticsOptions> options)
    {
        if (AnalyticsQuery.Unknown(context.Request) is { } unknown)
        {
            await AnalyticsQuery.ProblemAsync(context, unknown);
            return Results.Empty;
        }

        if (state.Log is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Not ready", "The event log is being replayed; the windows follow once it is open.");
            return Results.Empty;
        }

        return Results.Json(await reads.ReadAsync(() => view.Snapshot(options.Value.MaxKeys), context.RequestAborted), SidecarJson.Options);
    }
}
