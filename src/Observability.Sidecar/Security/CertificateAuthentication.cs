using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>
/// Client certificates as a second way to be a caller, beside bearer tokens: the framework's certificate handler checks
/// the chain against <c>Tls:ClientCertificateAuthorityFile</c>, <see cref="CertificateEvents"/> maps it to its
/// <c>Auth:Certificates</c> entry, and a policy scheme picks per request which of the two answers.
/// </summary>
internal static class CertificateAuthentication
{
    /// <summary>The scheme every request is authenticated with: it forwards to the token or the certificate scheme.</summary>
    public const string CallerScheme = "Caller";

    public static IServiceCollection AddSidecarCertificates(this IServiceCollection services)
    {
        services.TryAddSingleton<CertificateIdentities>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, CertificateOptionsValidator>());

        // The builder without AddAuthentication: that would bring data protection, which the sidecar has no use for.
        var builder = new AuthenticationBuilder(services);
        builder.AddPolicyScheme(CallerScheme, displayName: null, options => options.ForwardDefaultSelector = SchemeOf);
        builder.AddCertificate();
        services.AddOptions<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<TlsOptions>, CertificateIdentities, ILoggerFactory>((options, tls, certificates, loggers) =>
            {
                // Only the configured authority vouches for a certificate; a self-signed one never does, whatever its
                // thumbprint. Revocation is not checked (no CRL or OCSP is configured): remove the entry instead.
                options.AllowedCertificateTypes = CertificateTypes.Chained;
                options.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                options.RevocationMode = X509RevocationMode.NoCheck;
                options.ValidateCertificateUse = true;
                options.ValidateValidityPeriod = true;
                if (tls.Value.ClientCertificateAuthorityFile is { Length: > 0 } file && File.Exists(file))
                {
                    options.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(file));
                }

                options.Events = new CertificateEvents(certificates, loggers.CreateLogger(TokenAuthenticationHandler.AuditCategory));
            });
        return services;
    }

    // A request's own credential decides over its connection's: Authorization present, the token scheme (a wrong token is
    // refused even over a known certificate); otherwise a certificate shown in the handshake; otherwise no one.
    // With no certificate configured, mutual TLS stays a transport check and a certificate names no one.
    private static string SchemeOf(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0 && context.Connection.ClientCertificate is not null
            && !context.RequestServices.GetRequiredService<CertificateIdentities>().IsEmpty
            ? CertificateAuthenticationDefaults.AuthenticationScheme
            : TokenAuthenticationHandler.SchemeName;
}
