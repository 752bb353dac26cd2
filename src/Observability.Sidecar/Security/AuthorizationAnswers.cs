using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// The answers to refused requests, as problem+json: 401 with <c>WWW-Authenticate</c> and what to send (or, with no token
/// configured, how to configure one); 403 naming the scope the token lacks. Both are logged as one audit line.
/// </summary>
internal sealed class AuthorizationAnswers(IOptions<AuthOptions> options, TokenStore tokens, ILoggerFactory loggers)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly ILogger _audit = loggers.CreateLogger(TokenAuthenticationHandler.AuditCategory);

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!authorizeResult.Challenged && !authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var scope = policy.Requirements.OfType<ScopeRequirement>().FirstOrDefault()?.Scope ?? "unknown";
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var path = context.Request.Path.Value ?? "/";
        if (authorizeResult.Forbidden)
        {
            var name = context.User.Identity?.Name ?? "unknown";
            var certificate = context.User.Identity?.AuthenticationType == Microsoft.AspNetCore.Authentication.Certificate.CertificateAuthenticationDefaults.AuthenticationScheme;
            if (certificate)
            {
                Log.CertificateScopeRefused(_audit, name, scope, remote, context.Request.Method, path);
            }
            else
            {
                Log.ScopeRefused(_audit, name, scope, remote, context.Request.Method, path);
            }

            return Problem.WriteAsync(
                context, StatusCodes.Status403Forbidden, "Missing scope",
                $"{(certificate ? "Client certificate" : "Token")} '{name}' does not carry scope '{scope}', which {context.Request.Method} {path} needs.", new { scope });
        }

        var refused = context.Items[TokenAuthenticationHandler.RefusedKey] as string;
        if (refused is null)
        {
            Log.CredentialMissing(_audit, scope, remote, context.Request.Method, path);
        }

        // invalid_token speaks of a token: a refused certificate is said in the body.
        context.Response.Headers.WWWAuthenticate = Challenge(scope, refused is not null && !context.Items.ContainsKey(CertificateEvents.RefusedKey));
        return Problem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", Detail(scope, refused), new { scope });
    }

    private static string[] Challenge(string scope, bool invalid)
    {
        var bearer = invalid ? $"Bearer realm=\"agentobs\", error=\"invalid_token\", scope=\"{scope}\"" : $"Bearer realm=\"agentobs\", scope=\"{scope}\"";
        return scope == Scopes.Metrics ? [bearer, "Basic realm=\"agentobs\""] : [bearer];
    }

    private string Detail(string scope, string? refused)
    {
        if (refused is not null)
        {
            return $"The credential was refused ({refused}); send a token the sidecar is configured with, carrying scope '{scope}'.";
        }

        if (ScopeAuthorizationHandler.TrustsLoopback(options.Value, tokens))
        {
            return "No token is configured, so only callers on the same host (loopback) may use this endpoint. "
                + "To accept other callers, configure a token (Auth:Tokens:0:Name, Auth:Tokens:0:Scopes, and Auth:Tokens:0:Sha256 or "
                + "Auth:Tokens:0:File; see docs/security.md) and send it as 'Authorization: Bearer TOKEN' (agentobs --token or AGENTOBS_TOKEN).";
        }

        var certificate = options.Value.Certificates.Count > 0 ? ", or connect over HTTPS with a client certificate configured in Auth:Certificates" : string.Empty;
        return $"This endpoint needs a token with scope '{scope}': send it as 'Authorization: Bearer TOKEN' (agentobs --token or AGENTOBS_TOKEN){certificate}.";
    }
}
