using Observability.Projections;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// <c>POST /api/v1/admin/refresh</c>: <c>agentobs refresh</c> while the sidecar runs, every derived view rebuilt from the
/// log (archives included) and the state snapshot discarded; 200 with the events folded, the views and the seconds. 503
/// with <c>Retry-After</c> while the log is not open or the sidecar is stopping; 409 when the settings or mapping files
/// changed since the start (a restart applies them). <c>GET</c> answers how far the running (or last) refresh is.
/// </summary>
internal static class AdminRefreshEndpoint
{
    private const string Path = "/api/v1/admin/refresh";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Created now, so agentobs_refreshes_total is at 0 from the first scrape rather than from the first refresh.
        _ = endpoints.ServiceProvider.GetRequiredService<OnlineRefresh>();
        endpoints.MapPost(Path, HandleAsync);
        endpoints.MapGet(Path, (OnlineRefresh refresh) =>
        {
            var (running, events, total, seconds) = refresh.Status;
            return Results.Json(new { running, events, total, seconds }, SidecarJson.Options);
        });
    }

    private static async Task HandleAsync(HttpContext context, OnlineRefresh refresh, EventLogHandle handle)
    {
        if (handle.Log is null || handle.Stopping)
        {
            context.Response.Headers.RetryAfter = "5";
            await Problem.WriteAsync(
                context, StatusCodes.Status503ServiceUnavailable, "Not ready", handle.Stopping ? "The sidecar is stopping." : "The event log is not open yet.");
            return;
        }

        RefreshOutcome outcome;
        try
        {
            outcome = await refresh.RunAsync(context.RequestAborted);
        }
        catch (ArgumentException e)
        {
            await Problem.WriteAsync(context, StatusCodes.Status409Conflict, "Settings changed", $"{e.Message} Restart the sidecar to apply them; nothing was changed.");
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or BaseSnapshotException or StateSnapshotException)
        {
            await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, "Refresh failed", ClientText.WithoutPaths(e.Message, context));
            return;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            mode = "online",
            snapshot_discarded = outcome.SnapshotDiscarded,
            events = outcome.Events,
            unreadable = outcome.Unreadable,
            position = outcome.Position,
            views = outcome.Views,
            seconds = outcome.Seconds,
        });
    }
}
