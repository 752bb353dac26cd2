namespace Observability.Sidecar.Endpoints;

/// <summary>
/// Unhandled exceptions become a 500 <c>application/problem+json</c>. Routing's own answers (no such path: 404; path exists, method does not: 405) come with an empty body. This turns
/// them into <c>application/problem+json</c> like every other error, naming the method and path, and for 405 the
/// methods the path takes (from the <c>Allow</c> header routing sets).
/// </summary>
internal static class RoutingProblems
{
    /// <summary>Adds the rewriting middleware ahead of the endpoints.</summary>
    public static IApplicationBuilder UseRoutingProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug must still answer in the API's error format; the host logs the exception as usual.
            Hosting.Log.Unhandled(
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RoutingProblems)),
                context.Request.Method,
                context.Request.Path,
                e);
            context.Response.Clear();
            await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error", $"{context.Request.Method} {context.Request.Path} failed: {e.GetType().Name}. The sidecar keeps serving; see its log.");
            return;
        }

        var response = context.Response;
        if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null
            || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed))
        {
            return;
        }

        var request = $"{context.Request.Method} {context.Request.Path}";
        await (response.StatusCode == StatusCodes.Status404NotFound
            ? Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"{request}: no such endpoint; see README.md#api.")
            : Problem.WriteAsync(
                context, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"{request}: this path takes {response.Headers.Allow}.", new { allow = response.Headers.Allow.ToString() }));
    });
}
