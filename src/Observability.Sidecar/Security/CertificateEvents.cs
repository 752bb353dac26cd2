using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.Certificate;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// Turns a client certificate whose chain the framework's handler accepted into the configured caller (its name and
/// scopes), and refuses one that is not configured. Every refusal, untrusted chain included, is one audit line and
/// marks the request so that no other rule (loopback) lets it through.
/// </summary>
internal sealed class CertificateEvents(CertificateIdentities certificates, ILogger audit) : CertificateAuthenticationEvents
{
    /// <summary>The <see cref="HttpContext.Items"/> key marking that the refused credential was a certificate, not a token.</summary>
    public const string RefusedKey = "agentobs.refused-certificate";

    public override Task CertificateValidated(CertificateValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (certificates.Find(context.ClientCertificate) is not { } identity)
        {
            // Fail here goes through AuthenticationFailed below, like an untrusted chain.
            context.Fail("a certificate of the authority that no Auth:Certificates entry names");
            return Task.CompletedTask;
        }

        var claims = new List<Claim>(identity.Scopes.Count + 1) { new(ClaimTypes.Name, identity.Name) };
        claims.AddRange(identity.Scopes.Select(s => new Claim(Scopes.ClaimType, s)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CertificateAuthenticationDefaults.AuthenticationScheme));
        context.Success();
        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(CertificateAuthenticationFailedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var reason = context.Exception.Message.TrimEnd('.');
        http.Items[TokenAuthenticationHandler.RefusedKey] = $"client certificate refused: {reason}";
        http.Items[RefusedKey] = true;
        var certificate = http.Connection.ClientCertificate;
        Log.CertificateRefused(
            audit, certificate?.Subject ?? "unknown", certificate?.GetCertHashString(HashAlgorithmName.SHA256) ?? "unknown", reason,
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Method, http.Request.Path.Value ?? "/");

        // A failure, not an exception: the handler rethrows an error no event answered, which would be a 500.
        context.Fail(context.Exception);
        return Task.CompletedTask;
    }
}
