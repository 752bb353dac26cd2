namespace Observability.Sidecar.Security;

/// <summary>
/// One entry of <c>Auth:Certificates</c>: a client certificate that identifies a caller as a token does. It is
/// recognised by its SHA-256 thumbprint, its subject, or both (both must then match), once its chain to
/// <c>Tls:ClientCertificateAuthorityFile</c> is valid.
/// </summary>
internal sealed class CertificateOptions
{
    /// <summary>The name recorded in the logs and as <c>source</c> on the events the caller writes.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Any of <c>ingest</c>, <c>read</c>, <c>admin</c>, <c>metrics</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// The SHA-256 of the certificate's DER bytes, 64 hex digits, colons allowed
    /// (<c>openssl x509 -in client.pem -noout -fingerprint -sha256</c>): this one certificate, not a renewal of it.
    /// </summary>
    public string? Thumbprint { get; set; }

    /// <summary>
    /// The certificate's subject as .NET writes it (<c>CN=runner, O=example</c>; <c>openssl x509 -noout -subject
    /// -nameopt RFC2253</c> prints the same parts in the reverse order): every certificate the authority issues to it,
    /// renewals included.
    /// </summary>
    public string? Subject { get; set; }

    /// <summary>Requests per second this caller may make (a token bucket); null takes <c>Limits:RequestsPerSecond</c>.</summary>
    public int? RequestsPerSecond { get; set; }
}
