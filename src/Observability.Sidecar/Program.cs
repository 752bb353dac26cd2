using Observability.Sidecar.Hosting;

// The sidecar: durable event ingestion, Prometheus metrics, probes. Everything is composed in Hosting/.
// Settings ship next to the binary; the data directory stays relative to where the sidecar is started.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSidecarLogging();
builder.Services.AddObservabilitySidecar(builder.Configuration);

var app = builder.Build();
app.MapObservabilitySidecar();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory-style tests.</summary>
public partial class Program;
