using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The body of a write request whose items are stored as they are: 413 over <c>Sidecar:MaxRequestBodyBytes</c> (by
/// Content-Length before reading, then as read), 503 while the log is not open; otherwise the body, pooled.
/// </summary>
internal static class IngestBody
{
    /// <summary>The whole body, or null with the 413 or 503 written.</summary>
    public static async Task<PooledBody?> ReadAsync(HttpContext context, EventLogHandle state, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return null;
        }

        if (state.Log is null || state.Stopping)
        {
            await DurableIngest.UnavailableAsync(context, state);
            return null;
        }

        var body = await PooledBody.ReadAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            await TooLargeAsync(context, limit);
        }

        return body;
    }

    private static Task TooLargeAsync(HttpContext context, long limit) => Problem.WriteAsync(
        context, StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The body exceeds Sidecar:MaxRequestBodyBytes ({limit} bytes); split the batch.", new { limit_bytes = limit });
}
