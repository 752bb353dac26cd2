namespace Observability.Sidecar.Security;

/// <summary>
/// <c>Auth</c>: who may call which endpoint. With no token configured the sidecar trusts its own pod (loopback) and
/// refuses writes and reads from anywhere else; with tokens, every caller shows one (see docs/security.md).
/// </summary>
internal sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>The tokens: each a name, its scopes, and its SHA-256 (or a file holding the token itself).</summary>
    public List<TokenOptions> Tokens { get; set; } = [];

    /// <summary>
    /// Client certificates known as callers: each a name, its scopes, and its SHA-256 thumbprint and/or subject. They
    /// must chain to <c>Tls:ClientCertificateAuthorityFile</c>.
    /// </summary>
    public List<CertificateOptions> Certificates { get; set; } = [];

    /// <summary>
    /// Anonymous callers from loopback get every scope. Null (the default) means: only while no token and no client
    /// certificate is configured,
    /// the sidecar pattern where the agent runner shares the pod's network namespace.
    /// </summary>
    public bool? TrustLoopback { get; set; }

    /// <summary>Anonymous callers from anywhere may read the analytics (scope <c>read</c>). Off by default.</summary>
    public bool AnonymousRead { get; set; }

    /// <summary>
    /// <c>/metrics</c> needs a token with scope <c>metrics</c> (as a bearer token, or as the password of basic auth).
    /// Off by default: open like every exporter's.
    /// </summary>
    public bool RequireMetricsToken { get; set; }
}

/// <summary>One entry of <c>Auth:Tokens</c>.</summary>
internal sealed class TokenOptions
{
    /// <summary>The name recorded in the logs and as <c>source</c> on the events the token writes.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Any of <c>ingest</c>, <c>read</c>, <c>admin</c>, <c>metrics</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The SHA-256 of the token, 64 hex digits (<c>printf %s "$TOKEN" | sha256sum</c>).</summary>
    public string? Sha256 { get; set; }

    /// <summary>Requests per second this token may make (a token bucket); null takes <c>Limits:RequestsPerSecond</c>.</summary>
    public int? RequestsPerSecond { get; set; }

    /// <summary>Events per second this token may send (a token bucket); null takes <c>Limits:EventsPerSecond</c>, 0 is unlimited.</summary>
    public int? EventsPerSecond { get; set; }

    /// <summary>Events this token may store per UTC day; null takes <c>Limits:EventsPerDay</c>, 0 is unlimited.</summary>
    public long? EventsPerDay { get; set; }

    /// <summary>A file holding the token itself (a mounted Kubernetes secret); hashed at start, never kept.</summary>
    public string? File { get; set; }
}
