namespace Observability.Sidecar.Hosting;

/// <content>400-429: authentication, authorization, limits and TLS (the audit lines of docs/security.md).</content>
internal static partial class Log
{
    [LoggerMessage(400, LogLevel.Information, "Audit: refused credential ({Reason}) from {RemoteAddress} for {Method} {Path}")]
    public static partial void CredentialRefused(ILogger logger, string reason, string remoteAddress, string method, string path);

    [LoggerMessage(401, LogLevel.Information, "Audit: token {Token} lacks scope {Scope}; refused {Method} {Path} from {RemoteAddress}")]
    public static partial void ScopeRefused(ILogger logger, string token, string scope, string remoteAddress, string method, string path);

    [LoggerMessage(402, LogLevel.Information, "Audit: no credential from {RemoteAddress} for {Method} {Path}, which needs scope {Scope}")]
    public static partial void CredentialMissing(ILogger logger, string scope, string remoteAddress, string method, string path);

    [LoggerMessage(403, LogLevel.Information, "Audit: admin action {Method} {Path} by {Caller} from {RemoteAddress} answered {Status}")]
    public static partial void AdminAction(ILogger logger, string method, string path, string caller, string remoteAddress, int status);

    [LoggerMessage(404, LogLevel.Information, "Authentication: {Tokens} tokens configured; loopback callers without a token {Loopback}; anonymous reads {AnonymousRead}; /metrics {Metrics}")]
    public static partial void AuthConfigured(ILogger logger, int tokens, string loopback, string anonymousRead, string metrics);

    [LoggerMessage(410, LogLevel.Error, "The server certificate {Subject} in {Path} expired at {NotAfter:O}: clients will refuse the connection; replace the file (it is reloaded)")]
    public static partial void ServerCertificateExpired(ILogger logger, string subject, string path, DateTime notAfter);

    [LoggerMessage(411, LogLevel.Information, "Serving HTTPS with the certificate {Subject} from {Path}, valid until {NotAfter:O}")]
    public static partial void ServerCertificateLoaded(ILogger logger, string subject, string path, DateTime notAfter);

    [LoggerMessage(412, LogLevel.Warning, "The server certificate in {Path} could not be read: {Reason}")]
    public static partial void ServerCertificateUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(413, LogLevel.Information, "The server certificate files changed: serving {Subject} from {Path}, valid until {NotAfter:O}, to new connections")]
    public static partial void ServerCertificateReloaded(ILogger logger, string subject, string path, DateTime notAfter);

    [LoggerMessage(414, LogLevel.Warning, "The live event log holds {Bytes} bytes, at Sidecar:MaxLogBytes {MaxBytes}: writes are answered 507 until it is compacted (Sidecar:Retention:MaxBytes below the cap) or the cap is raised")]
    public static partial void LogSizeCapReached(ILogger logger, long bytes, long maxBytes);

    [LoggerMessage(415, LogLevel.Information, "The live event log holds {Bytes} bytes, under Sidecar:MaxLogBytes {MaxBytes}: writes are accepted again")]
    public static partial void LogSizeCapCleared(ILogger logger, long bytes, long maxBytes);

    [LoggerMessage(416, LogLevel.Warning, "Sidecar:MaxLogBytes is {MaxBytes} but Sidecar:Retention:MaxBytes is {RetentionBytes}: retention will not keep the live log under the cap, so writes will be answered 507 once it is reached; set Sidecar:Retention:MaxBytes below the cap (by at least a segment)")]
    public static partial void LogSizeCapWithoutRetention(ILogger logger, long maxBytes, string retentionBytes);

    [LoggerMessage(420, LogLevel.Warning, "Token {Token} reached its daily event quota: {Used} of {Limit} events stored on {Day} (UTC); its writes are answered 429 until midnight UTC")]
    public static partial void EventQuotaReached(ILogger logger, string token, long used, long limit, string day);

    [LoggerMessage(421, LogLevel.Warning, "The daily event quota file {Path} could not be read ({Reason}): today's usage starts at 0")]
    public static partial void EventQuotaFileUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(422, LogLevel.Warning, "The daily event quota file {Path} could not be written ({Reason}): a restart would forget today's usage since its last write")]
    public static partial void EventQuotaFileUnwritable(ILogger logger, string path, string reason);
}
