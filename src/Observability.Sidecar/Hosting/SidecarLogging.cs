using Serilog;
using Serilog.Formatting.Json;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Serilog for structured logs: console text by default, JSON lines with <c>Sidecar:JsonLogs=true</c>. Either way a
/// value taken from an event cannot forge a line or reach the terminal as a control sequence: the text output escapes
/// control characters in every property (<see cref="EscapingEnricher"/>), the JSON output escapes them as JSON does
/// (<see cref="SafeJsonFormatter"/>).
/// </summary>
public static class SidecarLogging
{
    /// <summary>Replaces the default logging providers with Serilog, configured from the <c>Serilog</c> section.</summary>
    public static WebApplicationBuilder AddSidecarLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var json = builder.Configuration.GetValue<bool>($"{SidecarOptions.Section}:{nameof(SidecarOptions.JsonLogs)}");
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();
        configuration = json
            ? configuration.WriteTo.Console(new SafeJsonFormatter(new JsonFormatter(renderMessage: true)))
            : configuration.Enrich.With<EscapingEnricher>()
                .WriteTo.Console(outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
