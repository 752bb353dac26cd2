namespace Observability.Sidecar.Hosting;

/// <content>430-434: client certificates as an identity (<c>Auth:Certificates</c>; audit lines of docs/security.md).</content>
internal static partial class Log
{
    [LoggerMessage(430, LogLevel.Information, "Audit: refused client certificate {Subject} (SHA-256 {Thumbprint}): {Reason}; from {RemoteAddress} for {Method} {Path}")]
    public static partial void CertificateRefused(ILogger logger, string subject, string thumbprint, string reason, string remoteAddress, string method, string path);

    [LoggerMessage(431, LogLevel.Information, "Audit: client certificate {Certificate} lacks scope {Scope}; refused {Method} {Path} from {RemoteAddress}")]
    public static partial void CertificateScopeRefused(ILogger logger, string certificate, string scope, string remoteAddress, string method, string path);

    [LoggerMessage(432, LogLevel.Information, "Authentication: {Certificates} client certificates configured as callers; HTTPS connections are asked for a certificate, which must chain to Tls:ClientCertificateAuthorityFile")]
    public static partial void CertificatesConfigured(ILogger logger, int certificates);
}
