using Observability.Sidecar.Hosting;

// Container health checks run the binary itself: the image carries no curl or wget.
if (HealthcheckCommand.IsRequested(args))
{
    return await HealthcheckCommand.RunAsync(args);
}

// The sidecar: durable event ingestion, Prometheus metrics, probes. Everything is composed in Hosting/; a start that
// fails (a setting, a taken port, a certificate) exits 1 with one line naming it.
return await SidecarRun.RunAsync(
    () =>
    {
        // Settings ship next to the binary; the data directory stays relative to where the sidecar is started.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddSidecarLogging();

        // The slim builder leaves HTTPS out: without this an https URL or a Kestrel certificate aborts start-up.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Services.AddObservabilitySidecar(builder.Configuration);
        Observability.Sidecar.Otlp.OtlpGrpcListener.Add(builder);

        var app = builder.Build();
        app.UseSidecarRequestLogging();
        Observability.Sidecar.Otlp.OtlpGrpcListener.Use(app);
        Observability.Sidecar.Security.SecurityServiceCollectionExtensions.UseSidecarSecurity(app);
        app.MapObservabilitySidecar();
        return app;
    },
    Console.Error);

/// <summary>Entry point; public for WebApplicationFactory-style tests.</summary>
public partial class Program;
