using Serilog;
using Serilog.Formatting.Json;

namespace Observability.Sidecar.Hosting;

/// <summary>Serilog for structured logs: console text by default, JSON lines with <c>Sidecar:JsonLogs=true</c>.</summary>
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
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
