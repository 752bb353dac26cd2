using Observability.Sidecar.Hosting;

// The sidecar: durable event ingestion, Prometheus metrics, probes. Everything is composed in Hosting/.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddSidecarLogging();
builder.Services.AddObservabilitySidecar(builder.Configuration);

var app = builder.Build();
app.MapObservabilitySidecar();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory-style tests.</summary>
public partial class Program;
