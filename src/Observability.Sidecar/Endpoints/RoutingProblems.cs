namespace Observability.Sidecar.Endpoints;

/// <summary>
/// Unhandled exceptions become a 500 <c>application/problem+json</c>, except a client's mistakes that Kestrel reports
/// while the body is read (a malformed chunked encoding: 400; a body slower than the minimum data rate: 408; each
/// <see cref="BadHttpRequestException"/> carries its status), which are answered with that status and logged at
/// Information without a stack trace, and a client that went away, which gets no answer. Routing's own answers (no such
/// path: 404; path exists, method does not: 405) come with an empty body. This turns
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
        catch (BadHttpRequestException e)
        {
            Hosting.Log.ClientError(Logger(context), context.Request.Method, context.Request.Path, e.StatusCode, e.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Problem.WriteAsync(context, e.StatusCode, e.StatusCode == StatusCodes.Status408RequestTimeout ? "Request timeout" : "Bad request", e.Message);
            }

            return;
        }
        catch (IOException e) when (context.RequestAborted.IsCancellationRequested)
        {
            // The connection is gone: there is no one to answer.
            Hosting.Log.ClientGone(Logger(context), context.Request.Method, context.Request.Path, e.Message);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug must still answer in the API's error format; the host logs the exception as usual.
            Hosting.Log.Unhandled(
                Logger(context),
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

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RoutingProblems));
}
