using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// Reads <c>Authorization: Bearer TOKEN</c>, or basic auth whose password is the token (Prometheus'
/// <c>basic_auth</c>; the user name is not checked), and looks the token up by its hash. No header: no identity, and
/// the policies decide (loopback, anonymous reads). A token the sidecar does not know: a failure, logged without it.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private readonly ILogger _audit = logger.CreateLogger(AuditCategory);

    /// <summary>The log category of the audit lines (the handler's own category repeats every refusal at debug level).</summary>
    public const string AuditCategory = "Observability.Sidecar.Security.Audit";

    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Token";

    /// <summary>The <see cref="HttpContext.Items"/> key of a refused credential's reason, for the 401's words.</summary>
    public const string RefusedKey = "agentobs.refused-credential";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = header.Count == 1 ? header[0].AsSpan().Trim() : default;
        var token = ReadToken(value, out var kind);
        var identity = token.IsEmpty ? null : tokens.Find(token);
        if (identity is null)
        {
            var reason = token.IsEmpty ? $"unreadable {kind} credential" : $"unknown {kind} token";
            Context.Items[RefusedKey] = reason;
            Log.CredentialRefused(_audit, reason, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", Request.Method, Request.Path.Value ?? "/");
            return Task.FromResult(AuthenticateResult.Fail(reason));
        }

        var claims = new List<Claim>(identity.Scopes.Count + 1) { new(ClaimTypes.Name, identity.Name) };
        claims.AddRange(identity.Scopes.Select(s => new Claim(Scopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    // The token in "Bearer TOKEN" or the password in "Basic base64(user:password)"; empty when neither reads.
    private static ReadOnlySpan<char> ReadToken(ReadOnlySpan<char> value, out string kind)
    {
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            kind = "bearer";
            return value[7..].Trim();
        }

        kind = value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? "basic" : "authorization";
        if (kind != "basic")
        {
            return default;
        }

        Span<byte> decoded = stackalloc byte[1024];
        if (!Convert.TryFromBase64Chars(value[6..].Trim(), decoded, out var length))
        {
            return default;
        }

        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? default : text.AsSpan(colon + 1);
    }
}
