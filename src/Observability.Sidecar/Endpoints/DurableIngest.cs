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

    /// <summary>
    /// Ingests <paramref name="items"/>; null, with the answer written, when the log is not open or cannot write (503),
    /// is at its size cap (507), or the caller is over its events per second or daily quota (429, 413). A caller that
    /// stores one request in several calls weighs the whole request against the size cap and admits it first
    /// (<see cref="OverLogSizeCapAsync"/>, the event admission), then passes its <paramref name="ticket"/>.
    /// </summary>
    public static async Task<BatchResult?> IngestAsync(
        HttpContext context, EventLogHandle state, IngestionWriter writer, IReadOnlyList<BatchItem> items, Security.EventTicket? ticket = null)
    {
        if (state.Log is null || state.Stopping)
        {
            await UnavailableAsync(context, state);
            return null;
        }

        // A caller storing one request in several calls weighed the whole request against the cap first.
        if (ticket is null && await OverLogSizeCapAsync(context, items))
        {
            return null;
        }

        await using var admitted = ticket is null ? await context.RequestServices.GetRequiredService<Security.EventAdmission>().AdmitAsync(context, items.Count) : null;
        if (ticket is null && admitted is null)
        {
            return null;
        }

        using var stamp = Security.SourceStamp.Apply(items, context.User.Identity is { IsAuthenticated: true } identity ? identity.Name : null);
        try
        {
            var result = await writer.IngestAsync(stamp.Items, context.RequestAborted);
            (ticket ?? admitted)!.Stored(result.Accepted);
            return result;
        }
        catch (EventLogUnavailableException e)
        {
            context.Response.Headers.RetryAfter = "1";
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Event log unavailable", ClientText.WithoutPaths(e.Message, context));
            return null;
        }
    }

    /// <summary>
    /// Writes the 507 when storing <paramref name="items"/> would take the live log past <c>Sidecar:MaxLogBytes</c>; a
    /// refusal, not a failure: nothing is stored, nothing is logged per request (the cap's log line marks the change).
    /// </summary>
    public static async Task<bool> OverLogSizeCapAsync(HttpContext context, IReadOnlyList<BatchItem> items)
    {
        var cap = context.RequestServices.GetRequiredService<Security.LogSizeCap>();
        if (cap.Cap <= 0)
        {
            return false;
        }

        long incoming = 0;
        foreach (var item in items)
        {
            incoming += item.Json.Length;
        }

        if (cap.Refuses(incoming) is not { } size)
        {
            return false;
        }

        await Problem.WriteAsync(
            context, StatusCodes.Status507InsufficientStorage, "Event log size cap reached",
            $"The live event log holds {size} bytes on disk; storing this request's {incoming} bytes would pass Sidecar:MaxLogBytes ({cap.Cap}). "
            + "Nothing was stored. Raise Sidecar:MaxLogBytes, or set Sidecar:Retention:MaxBytes below it so retention archives the oldest segments first, then retry.",
            new { max_log_bytes = cap.Cap, log_bytes = size, request_bytes = incoming });
        return true;
    }
}
