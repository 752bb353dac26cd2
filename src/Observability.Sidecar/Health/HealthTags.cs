namespace Observability.Sidecar.Health;

/// <summary>The tags that pick each probe's health checks (<see cref="SidecarHealthChecks"/>).</summary>
internal static class HealthTags
{
    /// <summary>The sidecar's own components, listed by <c>/health</c> under <c>services</c>; liveness never fails on them.</summary>
    public const string Services = "services";

    /// <summary>The checks <c>/readiness</c> runs: any one not healthy answers 503.</summary>
    public const string Ready = "ready";

    /// <summary>The check <c>/startup</c> runs: 503 until the start-up replay is over.</summary>
    public const string Startup = "startup";
}
