using Observability.Sidecar.Hosting;

// Container health checks run the binary itself: the image carries no curl or wget.
if (HealthcheckCommand.IsRequested(args))
{
    return await HealthcheckCommand.RunAsync(args);
}

// The sidecar: durable event ingestion, Prometheus metrics, probes. Everything is composed in Hosting/.
// Settings ship next to the binary; the data directory stays relative to where the sidecar is started.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSidecarLogging();

// The slim builder leaves HTTPS out: without this an https URL or a Kestrel certificate aborts start-up.
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Services.AddObservabilitySidecar(builder.Configuration);

var app = builder.Build();
app.UseSidecarRequestLogging();
Observability.Sidecar.Security.SecurityServiceCollectionExtensions.UseSidecarSecurity(app);
app.MapObservabilitySidecar();
await app.RunAsync();

// Non-zero when a hosted service stopped the host because it cannot run (a state snapshot that would not restore).
return Environment.ExitCode;

/// <summary>Entry point; public for WebApplicationFactory-style tests.</summary>
public partial class Program;
