using Observability.Sidecar.Hosting;
using IDiagnosticContext = Serilog.IDiagnosticContext;

namespace Observability.Sidecar.Security;

/// <summary>
/// Records the calling token's name on the request's completion log line (property <c>Token</c>), and writes one audit
/// line for every admin action that was let through, with its caller and its answer.
/// </summary>
internal sealed class CallerLogContext(RequestDelegate next, IDiagnosticContext diagnostics, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(TokenAuthenticationHandler.AuditCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        var name = context.User.Identity is { IsAuthenticated: true, Name: { } token } ? token : null;
        if (name is not null)
        {
            diagnostics.Set("Token", name);
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<EndpointAccessMetadata>() is not { Access: EndpointAccess.Admin })
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Log.AdminAction(
                _audit, context.Request.Method, context.Request.Path.Value ?? "/", name ?? "anonymous loopback caller",
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown", context.Response.StatusCode);
        }
    }
}
