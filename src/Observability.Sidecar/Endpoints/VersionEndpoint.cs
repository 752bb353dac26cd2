using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>/version</c>: version, commit and build time stamped at build, mirrored by <c>build_info</c>. The probes
/// (<c>/health</c>, <c>/readiness</c>, <c>/startup</c>) are health checks: see <c>Health/</c>.
/// </summary>
internal static class VersionEndpoint
{
    public static IResult Handle(SidecarState state) =>
        Results.Json(new { version = state.Build.Version, commit = state.Build.Commit, build_time = state.Build.BuildTime }, SidecarJson.Options);
}
