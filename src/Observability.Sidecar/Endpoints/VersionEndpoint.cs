using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>/version</c>: version, commit and build time stamped at build, mirrored by <c>build_info</c>. The probes
/// (<c>/health</c>, <c>/readiness</c>, <c>/startup</c>) are health checks: see <c>Health/</c>.
/// </summary>
internal static class VersionEndpoint
{
    public static IResult Handle(BuildInfo build) =>
        Results.Json(new { version = build.Version, commit = build.Commit, build_time = build.BuildTime }, SidecarJson.Options);
}
