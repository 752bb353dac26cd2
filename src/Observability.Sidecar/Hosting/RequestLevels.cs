using System.Collections.Frozen;
using Serilog.Events;

namespace Observability.Sidecar.Hosting;

/// <summary>The level of a request's completion line.</summary>
internal static class RequestLevels
{
    private static readonly FrozenSet<string> Polled = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "/health", "/readiness", "/startup", "/metrics");

    /// <summary>
    /// Error for an unhandled exception or a 500; Debug for probes and scrapes, whatever they answered (a readiness 503
    /// during replay is the probe working); Warning for other 5xx (503 while the log replays or cannot write: the
    /// designed answer, whose cause is logged on its own); Information otherwise, 4xx included.
    /// </summary>
    public static LogEventLevel Of(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Response.StatusCode;
        if (exception is not null || status == StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        if (context.Request.Path.Value is { } path && Polled.Contains(path))
        {
            return LogEventLevel.Debug;
        }

        return status >= 500 ? LogEventLevel.Warning : LogEventLevel.Information;
    }
}
