using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>The caller needs <paramref name="Scope"/>: from its token, or from a rule for callers without one.</summary>
internal sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>
/// A token or client certificate carrying the scope passes. A caller with no credential passes from loopback while loopback is trusted (by
/// default: while no token is configured), for <c>read</c> when <c>Auth:AnonymousRead</c> is on, and for
/// <c>metrics</c> unless <c>Auth:RequireMetricsToken</c> is on. A caller whose credential was refused never passes.
/// </summary>
internal sealed class ScopeAuthorizationHandler(IOptions<AuthOptions> options, TokenStore tokens) : AuthorizationHandler<ScopeRequirement>
{
    private readonly bool _trustLoopback = TrustsLoopback(options.Value, tokens);
    private readonly bool _anonymousRead = options.Value.AnonymousRead;
    private readonly bool _openMetrics = !options.Value.RequireMetricsToken;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        // What is open to everyone is open to a token without the scope too: a credential never makes an answer worse.
        if (OpenToAll(requirement.Scope))
        {
            context.Succeed(requirement);
        }
        else if (context.User.Identity?.IsAuthenticated == true)
        {
            if (context.User.HasClaim(Scopes.ClaimType, requirement.Scope))
            {
                context.Succeed(requirement);
            }
        }
        else if (_trustLoopback && context.Resource is HttpContext http && http.Request.Headers.Authorization.Count == 0
            && !http.Items.ContainsKey(TokenAuthenticationHandler.RefusedKey) && IsLoopback(http.Connection.RemoteIpAddress))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Loopback callers without a credential are trusted: as configured, else while no token and no certificate is.</summary>
    public static bool TrustsLoopback(AuthOptions options, TokenStore tokens) =>
        options.TrustLoopback ?? (tokens.IsEmpty && options.Certificates.Count == 0);

    private bool OpenToAll(string scope) => (scope == Scopes.Read && _anonymousRead) || (scope == Scopes.Metrics && _openMetrics);

    /// <summary>127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. No address (an in-process test server) is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
