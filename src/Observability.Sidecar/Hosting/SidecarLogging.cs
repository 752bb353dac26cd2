using Serilog;
using Serilog.Formatting.Compact;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Serilog for structured logs: console text by default, CLEF (Serilog's compact JSON: <c>@t</c>, <c>@mt</c>,
/// <c>@l</c>, the properties at the top level) with <c>Sidecar:JsonLogs=true</c>. Either way a value taken from an event
/// or a request cannot forge a line or reach the terminal as a control sequence: the text output escapes control
/// characters in every property (<see cref="EscapingEnricher"/>), the JSON output escapes them as JSON does and adds
/// the ones JSON allows raw (<see cref="SafeJsonFormatter"/>).
/// </summary>
public static class SidecarLogging
{
    /// <summary>The text output's line: UTC time, level, logger, message.</summary>
    public const string TextTemplate = "{UtcTimestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Replaces the default logging providers with Serilog, configured from the <c>Serilog</c> section.</summary>
    public static WebApplicationBuilder AddSidecarLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var json = builder.Configuration.GetValue<bool>($"{SidecarOptions.Section}:{nameof(SidecarOptions.JsonLogs)}");
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(configuration =>
        {
            configuration.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext()
                .Filter.ByExcluding(e => e.Exception is { } failed && SidecarRun.IsOperatorError(failed) && IsFailedStart(e));
            _ = json
                ? configuration.WriteTo.Console(new SafeJsonFormatter(new CompactJsonFormatter()))
                : configuration.Enrich.With<EscapingEnricher>().WriteTo.Console(outputTemplate: TextTemplate);
        });
        return builder;
    }

    // The host's "Hosting failed to start" with the whole stack: SidecarRun says it in one line instead. Only that line:
    // the host's other errors (a background service that fails once running) keep their stack.
    private static bool IsFailedStart(Serilog.Events.LogEvent e) =>
        e.MessageTemplate.Text == "Hosting failed to start"
        && e.Properties.TryGetValue("SourceContext", out var source) && source is Serilog.Events.ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" };

    /// <summary>
    /// One line per request when it completes (Serilog's request logging): method, path, status and time. Probes and
    /// scrapes (<see cref="RequestLevels"/>) log at Debug, so a kubelet or Prometheus polling every few seconds does
    /// not fill the log; set <c>Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware</c> to
    /// <c>Debug</c> to see them, or to <c>Warning</c> to keep only failed requests.
    /// </summary>
    public static IApplicationBuilder UseSidecarRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options => options.GetLevel = RequestLevels.Of);
}
