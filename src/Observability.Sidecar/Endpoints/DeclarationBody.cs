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
        using var buffer = await JsonBody.ReadAsync(context, MaxBytes, "A declaration");
        if (buffer is null)
        {
            return null;
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
