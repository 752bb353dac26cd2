using Microsoft.Net.Http.Headers;
using Observability.Experiments.Declarations;

namespace Observability.Sidecar.Endpoints;

/// <summary>The body of a declaration POST: JSON of at most <see cref="MaxBytes"/>, read into its spec or answered with a problem naming the field.</summary>
internal static class DeclarationBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The spec; null with the problem written (415, 413, or 400 naming the field).</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Problem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{request.ContentType}' is not accepted; send application/json.");
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                await Problem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"A declaration is at most {MaxBytes} bytes.");
                return null;
            }
        }

        var spec = DeclarationJson.Read<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var error);
        if (spec is null)
        {
            await InvalidAsync(context, [error!]);
        }

        return spec;
    }

    /// <summary>A 400 naming the first field wrong, with every error found in <c>errors</c>.</summary>
    public static Task InvalidAsync(HttpContext context, IReadOnlyList<DeclarationError> errors) => Problem.WriteAsync(
        context,
        StatusCodes.Status400BadRequest,
        "Invalid declaration",
        string.Join(" ", errors.Select(e => $"{e.Field}: {e.Detail}")),
        new { field = errors[0].Field, errors = errors.Select(e => new { field = e.Field, detail = e.Detail }) });
}
