using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>
/// Checks <c>Auth:Certificates</c> at start: each named once (tokens included: a name is one caller's, in the logs,
/// the events' <c>source</c> and the rate limits), with known scopes and a thumbprint or a subject, and an authority
/// to check their chains against.
/// </summary>
internal sealed class CertificateOptionsValidator(IOptions<TlsOptions> tls) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Certificates.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (tls.Value.ClientCertificateAuthorityFile is not { Length: > 0 } authority)
        {
            failures.Add("Auth:Certificates needs Tls:ClientCertificateAuthorityFile: the PEM authority a client certificate must chain to before its thumbprint or subject is believed.");
        }
        else if (!File.Exists(authority))
        {
            failures.Add($"Tls:ClientCertificateAuthorityFile '{authority}' does not exist.");
        }

        var names = new HashSet<string>(options.Tokens.Select(t => t.Name), StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Certificates.Count; i++)
        {
            var certificate = options.Certificates[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Auth:Certificates:{i}");
            if (string.IsNullOrWhiteSpace(certificate.Name) || certificate.Name.Any(c => char.IsControl(c) || c == '"' || c == '\\'))
            {
                failures.Add($"{at}:Name is required (printable, no quotes or backslashes): it is recorded as the events' source.");
            }
            else if (!names.Add(certificate.Name))
            {
                failures.Add($"{at}:Name '{certificate.Name}' is used by another token or certificate.");
            }

            if (certificate.Scopes.Count == 0 || certificate.Scopes.Any(s => !Scopes.All.Contains(s.Trim().ToLowerInvariant())))
            {
                failures.Add($"{at}:Scopes must list some of {string.Join(", ", Scopes.All)}.");
            }

            if (certificate.RequestsPerSecond < 0)
            {
                failures.Add($"{at}:RequestsPerSecond must not be negative.");
            }

            var thumbprint = CertificateIdentities.NormalThumbprint(certificate.Thumbprint);
            var subject = ReadSubject(certificate.Subject, at, failures);
            if (thumbprint is null && string.IsNullOrWhiteSpace(certificate.Subject))
            {
                failures.Add($"{at}: give a Thumbprint (the certificate's SHA-256, openssl x509 -noout -fingerprint -sha256) or a Subject (CN=…), or both.");
            }
            else if (thumbprint is not null && (thumbprint.Length != 2 * SHA256.HashSizeInBytes || !thumbprint.All(char.IsAsciiHexDigit)))
            {
                failures.Add($"{at}:Thumbprint must be the certificate's SHA-256: 64 hex digits, colons allowed.");
            }
            else if (!keys.Add($"{thumbprint}|{subject}"))
            {
                failures.Add($"{at}: another entry names the same Thumbprint and Subject, so a certificate could not tell which caller it is.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ReadSubject(string? subject, string at, List<string> failures)
    {
        try
        {
            return CertificateIdentities.NormalSubject(subject);
        }
        catch (CryptographicException)
        {
            failures.Add($"{at}:Subject '{subject}' is not a distinguished name (CN=runner, O=example).");
            return null;
        }
    }
}
