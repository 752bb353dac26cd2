using System.Globalization;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Compaction;

/// <summary>
/// <c>POST /api/v1/admin/compact?before=DATE</c>: <c>agentobs compact</c> while the sidecar runs. 200 with what was
/// archived; 400 naming <c>before</c> when it is missing, not a date, or in the future; 503 while the log is not open.
/// </summary>
internal static class AdminCompactEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/api/v1/admin/compact", HandleAsync);

    private static async Task HandleAsync(HttpContext context, OnlineCompaction compaction, EventLogHandle handle, TimeProvider time)
    {
        var text = context.Request.Query["before"].ToString();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var before))
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status400BadRequest, "Invalid query", $"before: '{text}' is not an ISO 8601 date or timestamp.", new { field = "before" });
            return;
        }

        var now = time.GetUtcNow();
        if (before > now)
        {
            await Problem.WriteAsync(
                context,
                StatusCodes.Status400BadRequest,
                "Invalid query",
                $"before: {before:yyyy-MM-ddTHH:mm:ssZ} is in the future (now is {now:yyyy-MM-ddTHH:mm:ssZ}); nothing was changed.",
                new { field = "before" });
            return;
        }

        if (handle.Log is null)
        {
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Not ready", "The event log is not open yet.");
            return;
        }

        var result = await compaction.RunAsync(before, "admin", context.RequestAborted);
        await context.Response.WriteAsJsonAsync(new
        {
            before,
            segments = result.Segments,
            records = result.Records,
            first_live_sequence = result.Cut,
            archives = result.Archives.Select(a => new { file = a.File, sha256 = a.Sha256, first_sequence = a.FirstSequence, last_sequence = a.LastSequence, records = a.Records }),
        });
    }
}
