namespace Observability.Sidecar.Security;

/// <summary>Who may call an endpoint; every endpoint carries one (see <see cref="AccessTable"/>).</summary>
internal enum EndpointAccess
{
    /// <summary>Anyone: the probes and /version.</summary>
    Open,

    /// <summary>Scope <c>ingest</c>.</summary>
    Ingest,

    /// <summary>Scope <c>read</c> (or anyone when <c>Auth:AnonymousRead</c> is on).</summary>
    Read,

    /// <summary>Scope <c>admin</c>.</summary>
    Admin,

    /// <summary>Scope <c>metrics</c> when <c>Auth:RequireMetricsToken</c> is on, else anyone.</summary>
    Metrics,

    /// <summary>No bearer token: the endpoint checks its own signature (GitHub's HMAC, GitLab's token).</summary>
    Signed,
}

/// <summary>The endpoint metadata that records an endpoint's access, so a check at start finds endpoints without one.</summary>
internal sealed record EndpointAccessMetadata(EndpointAccess Access);
