using Microsoft.Net.Http.Headers;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// A small JSON request body (a run record, a declaration) read whole, at most a given size: the bytes, or null with the
/// problem written (415 for another content type, 413 past the size, decided by Content-Length when it is sent and
/// while reading when it is not).
/// </summary>
internal static class JsonBody
{
    public static async Task<MemoryStream?> ReadAsync(HttpContext context, int maxBytes, string what)
    {
        var request = context.Request;
        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Problem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{request.ContentType}' is not accepted; send application/json.");
            return null;
        }

        if (request.ContentLength > maxBytes)
        {
            await TooLargeAsync(context, maxBytes, what);
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                await buffer.DisposeAsync();
                await TooLargeAsync(context, maxBytes, what);
                return null;
            }
        }

        return buffer;
    }

    private static Task TooLargeAsync(HttpContext context, int maxBytes, string what) =>
        Problem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"{what} is at most {maxBytes} bytes.");
}
