using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>/health</c> (liveness: responsive, no dependency checks; seed 001's shape with the sidecar's own components
/// under <c>services</c> and its 24-hour summary), <c>/startup</c> (start-up done: the log replayed, or failed to
/// open, whatever the disk), <c>/readiness</c> (log open and writable, replay done, disk above the floor, not
/// stopping) and <c>/version</c> (stamped at build, mirrored by <c>build_info</c>).
/// </summary>
internal static class ProbeEndpoints
{
    public static IResult Health(SidecarState state, ServiceStates services, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var summary = state.Pipeline.DailySummary(now);

        // Seed 001 answers 503 when a service is down; here liveness stays 200 whatever the components' states, since
        // restarting the process mends none of them (a full disk, a receiver that is down), and readiness already
        // takes the sidecar out of rotation when it cannot store events.
        return Results.Json(
            new
            {
                status = "healthy",
                timestamp = now,
                uptime = Math.Round((now - state.StartedAt).TotalSeconds, 3),
                version = state.Build.Version,
                services = services.Read().ToDictionary(s => s.Key, s => new { state = s.Value.State, detail = s.Value.Detail }, StringComparer.Ordinal),
                metrics = new
                {
                    tasks_completed_24h = summary.TasksCompleted,
                    success_rate_24h = summary.SuccessRate,
                    avg_task_duration_24h = summary.AverageDurationSeconds,
                },
            },
            SidecarJson.WithNulls);
    }

    /// <summary>
    /// 200 once the start-up replay is over (the log is open, or it could not be opened, which <c>/readiness</c> and
    /// <c>/health</c> then name), 503 while it runs. The disk does not count: a Kubernetes startup probe on
    /// <c>/readiness</c> restarted a sidecar whose disk was low at start in a loop, which frees nothing.
    /// </summary>
    public static IResult Startup(SidecarState state)
    {
        var replay = state.Log is not null ? "ok" : state.OpenError is { } error ? $"failed: {error}" : "in progress";
        var started = state.Log is not null || state.OpenError is not null;
        return Results.Json(
            new { started, replay },
            SidecarJson.Options,
            statusCode: started ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    public static IResult Readiness(SidecarState state, IOptions<SidecarOptions> options)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        var log = state.Log;
        checks["replay"] = log is not null ? "ok" : state.OpenError is { } error ? $"failed: {error}" : "in progress";
        checks["event_log_writable"] = log is null ? "not open" : log.Status.IsWritable ? "ok" : $"failing: {log.Status.LastWriteError}";
        checks["disk"] = DiskCheck(options.Value);
        checks["shutdown"] = state.Stopping ? "stopping" : "ok";
        foreach (var name in checks.Keys.ToList())
        {
            checks[name] = ClientText.WithoutPaths(checks[name], options.Value);
        }

        var failing = checks.Where(c => c.Value != "ok").Select(c => c.Key).ToList();
        return Results.Json(
            new { ready = failing.Count == 0, failing, checks },
            SidecarJson.Options,
            statusCode: failing.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    public static IResult Version(SidecarState state) =>
        Results.Json(new { version = state.Build.Version, commit = state.Build.Commit, build_time = state.Build.BuildTime }, SidecarJson.Options);

    private static string DiskCheck(SidecarOptions options)
    {
        try
        {
            var free = new DriveInfo(Path.GetFullPath(options.DataDirectory)).AvailableFreeSpace;
            return free >= options.MinFreeDiskBytes ? "ok" : $"low: {free} bytes free, Sidecar:MinFreeDiskBytes is {options.MinFreeDiskBytes}";
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return $"unknown: {e.Message}";
        }
    }
}
