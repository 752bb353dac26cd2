using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>A configured client certificate, known by its name.</summary>
internal sealed record CertificateIdentity(string Name, FrozenSet<string> Scopes, int? RequestsPerSecond);

/// <summary>
/// The configured client certificates (<c>Auth:Certificates</c>), looked up by the SHA-256 thumbprint and the subject of
/// a certificate whose chain the authentication handler has already checked. An entry naming a thumbprint is the more
/// specific, so it is tried first.
/// </summary>
internal sealed class CertificateIdentities
{
    private readonly List<(string? Thumbprint, string? Subject, CertificateIdentity Identity)> _entries = [];

    public CertificateIdentities(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var entry in options.Value.Certificates)
        {
            var identity = new CertificateIdentity(
                entry.Name, entry.Scopes.Select(s => s.Trim().ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal), entry.RequestsPerSecond);
            _entries.Add((NormalThumbprint(entry.Thumbprint), NormalSubject(entry.Subject), identity));
        }

        _entries.Sort((a, b) => (b.Thumbprint is null ? 0 : 1).CompareTo(a.Thumbprint is null ? 0 : 1));
        Names = [.. options.Value.Certificates.Select(c => c.Name)];
    }

    /// <summary>No client certificate is configured: certificates are not an identity, mTLS (if on) is a transport check.</summary>
    public bool IsEmpty => _entries.Count == 0;

    public int Count => _entries.Count;

    /// <summary>The configured certificates' names, in configuration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The identity named <paramref name="name"/>, or null.</summary>
    public CertificateIdentity? Named(string name) => _entries.FirstOrDefault(e => e.Identity.Name == name).Identity;

    /// <summary>The identity of <paramref name="certificate"/> (its chain already checked), or null for one not configured.</summary>
    public CertificateIdentity? Find(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var subject = certificate.SubjectName.Name;
        foreach (var (expectedThumbprint, expectedSubject, identity) in _entries)
        {
            if ((expectedThumbprint is null || string.Equals(expectedThumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
                && (expectedSubject is null || string.Equals(expectedSubject, subject, StringComparison.Ordinal)))
            {
                return identity;
            }
        }

        return null;
    }

    /// <summary>Upper-case hex without separators (<c>AB:CD:…</c> as openssl prints it reads too); null when none is given.</summary>
    public static string? NormalThumbprint(string? thumbprint) =>
        string.IsNullOrWhiteSpace(thumbprint) ? null : thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>The subject as .NET formats a certificate's (spacing and quoting made uniform); null when none is given.</summary>
    public static string? NormalSubject(string? subject) =>
        string.IsNullOrWhiteSpace(subject) ? null : new X500DistinguishedName(subject.Trim()).Name;
}
