using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Observability.Benchmarks;

/// <summary>
/// The serve-prometheus-net mode: <see cref="PrometheusNetScrapeRegistry"/> behind prometheus-net.AspNetCore's own
/// <c>MapMetrics</c> endpoint on 127.0.0.1, as an application would host it. prometheus-net negotiates the format
/// itself but never compresses, so gzip comes from ASP.NET Core's response compression (gzip at its default,
/// <see cref="CompressionLevel.Fastest"/>, the level our library uses), with the OpenMetrics media type added to
/// the types it compresses.
/// </summary>
internal static class PrometheusNetScrapeServer
{
    public static async Task<int> RunAsync(int port)
    {
        var registry = PrometheusNetScrapeRegistry.Build();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddResponseCompression(options =>
        {
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/openmetrics-text"];
        });
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        var app = builder.Build();
        app.UseResponseCompression();
        app.MapMetrics("/metrics", registry);
        app.MapGet("/health", () => Results.Text("ok"));

        await app.StartAsync().ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"serving prometheus-net on http://127.0.0.1:{port}/metrics").ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
