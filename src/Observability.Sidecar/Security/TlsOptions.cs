namespace Observability.Sidecar.Security;

/// <summary>
/// <c>Tls</c>: what the sidecar adds to Kestrel's own HTTPS settings (<c>Kestrel:Certificates:Default:Path</c> and
/// <c>KeyPath</c>, PEM or PFX, or per endpoint), which it serves as they are.
/// </summary>
internal sealed class TlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Tls";

    /// <summary>
    /// A PEM file of the certificate authority client certificates must chain to. Set, every HTTPS connection must
    /// show such a certificate (mutual TLS) or the handshake fails; unset, no client certificate is asked for. With
    /// <c>Auth:Certificates</c> configured, a certificate is asked for but not required, and one that does not chain
    /// here is refused with 401.
    /// </summary>
    public string? ClientCertificateAuthorityFile { get; set; }
}
