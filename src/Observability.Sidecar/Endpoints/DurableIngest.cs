using Observability.Ingestion;
using Observability.Ingestion.Batches;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The one way the write endpoints store events: through the ingestion writer once the log is open, with a 503
/// (<c>Retry-After: 1</c>) naming why when it is not or when the log cannot write.
/// </summary>
internal static class DurableIngest
{
    /// <summary>Writes the 503 for a log that is not open: replaying, failed to open, or shutting down.</summary>
    public static Task UnavailableAsync(HttpContext context, EventLogHandle state)
    {
        context.Response.Headers.RetryAfter = "1";
        var detail = state.Stopping ? "The sidecar is shutting down."
            : state.OpenError is { } error ? $"The event log could not be opened: {ClientText.WithoutPaths(error, context)}"
            : "The event log is still being replayed; retry shortly.";
        return Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Not ready", detail);
    }

    /// <summary>Ingests <paramref name="items"/>; null, with the 503 written, when the log is not open or cannot write.</summary>
    public static async Task<BatchResult?> IngestAsync(HttpContext context, EventLogHandle state, IngestionWriter writer, IReadOnlyList<BatchItem> items)
    {
        if (state.Log is null || state.Stopping)
        {
            await UnavailableAsync(context, state);
            return null;
        }

        using var stamp = Security.SourceStamp.Apply(items, context.User.Identity is { IsAuthenticated: true } identity ? identity.Name : null);
        try
        {
            return await writer.IngestAsync(stamp.Items, context.RequestAborted);
        }
        catch (EventLogUnavailableException e)
        {
            context.Response.Headers.RetryAfter = "1";
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Event log unavailable", ClientText.WithoutPaths(e.Message, context));
            return null;
        }
    }
}
