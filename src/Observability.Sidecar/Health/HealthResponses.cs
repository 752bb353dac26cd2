using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Observability.Ingestion.Projection;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Health;

/// <summary>
/// The JSON each probe answers, written from its health report: <c>/health</c> in the opencode metrics contract's shape with the components
/// under <c>services</c> and the 24-hour summary, <c>/readiness</c> as <c>{ready, failing, checks}</c>,
/// <c>/startup</c> as <c>{started, replay}</c>. Text a client sees has its file paths cut (<see cref="ClientText"/>).
/// </summary>
internal static class HealthResponses
{
    public static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var start = services.GetRequiredService<StartTime>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var outcomes = services.GetRequiredService<TaskOutcomesProjection>();
        var summary = await services.GetRequiredService<DerivedReads>().ReadAsync(() => outcomes.Daily.Summarize(now), context.RequestAborted);
        await context.Response.WriteAsJsonAsync(
            new
            {
                status = "healthy",
                timestamp = now,
                uptime = Math.Round((now - start.At).TotalSeconds, 3),
                version = services.GetRequiredService<BuildInfo>().Version,
                services = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { state = e.Value.Data.TryGetValue(ComponentHealthCheck.StateKey, out var word) ? word : ServiceStates.Failed, detail = Detail(e.Value) },
                    StringComparer.Ordinal),
                metrics = new
                {
                    tasks_completed_24h = summary.TasksCompleted,
                    success_rate_24h = summary.SuccessRate,
                    avg_task_duration_24h = summary.AverageDurationSeconds,
                },
            },
            SidecarJson.WithNulls,
            context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var checks = report.Entries.ToDictionary(e => e.Key, e => ClientText.WithoutPaths(Text(e.Value), options), StringComparer.Ordinal);
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        return context.Response.WriteAsJsonAsync(new { ready = failing.Count == 0, failing, checks }, SidecarJson.Options, context.RequestAborted);
    }

    public static Task WriteStartupAsync(HttpContext context, HealthReport report)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var started = report.Status == HealthStatus.Healthy;
        var replay = report.Entries.Values.Select(e => ClientText.WithoutPaths(Text(e), options)).FirstOrDefault() ?? "in progress";
        return context.Response.WriteAsJsonAsync(new { started, replay }, SidecarJson.Options, context.RequestAborted);
    }

    // A check that threw has no description of its own; the exception's message says what went wrong.
    private static string Text(HealthReportEntry entry) => entry.Description ?? entry.Exception?.Message ?? entry.Status.ToString();

    private static string? Detail(HealthReportEntry entry) => entry.Description ?? entry.Exception?.Message;
}
