using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Observability.Metrics.Tests.PrometheusNet;

/// <summary>How the prometheus-net endpoint's responses are compressed.</summary>
public enum Compression
{
    /// <summary>prometheus-net.AspNetCore alone: it never compresses.</summary>
    None,

    /// <summary>ASP.NET Core's response compression with its default MIME types.</summary>
    DefaultTypes,

    /// <summary>Response compression with <c>application/openmetrics-text</c> added to the MIME types.</summary>
    WithOpenMetrics,
}

/// <summary>
/// prometheus-net.AspNetCore 8.2.1's own <c>MapMetrics</c> endpoint on Kestrel at 127.0.0.1 (a free port), serving a
/// prometheus-net registry as an application would, optionally behind ASP.NET Core's response compression.
/// </summary>
internal sealed class PrometheusNetEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrometheusNetEndpoint(WebApplication app, Uri metrics)
    {
        _app = app;
        Metrics = metrics;
    }

    /// <summary>The scrape URL.</summary>
    public Uri Metrics { get; }

    public static async Task<PrometheusNetEndpoint> StartAsync(CollectorRegistry registry, Compression compression)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (compression != Compression.None)
        {
            builder.Services.AddResponseCompression(options =>
            {
                options.Providers.Add<GzipCompressionProvider>();
                if (compression == Compression.WithOpenMetrics)
                {
                    options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/openmetrics-text"];
                }
            });
        }

        var app = builder.Build();
        if (compression != Compression.None)
        {
            app.UseResponseCompression();
        }

        app.MapMetrics("/metrics", registry);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new PrometheusNetEndpoint(app, new Uri(new Uri(address), "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
