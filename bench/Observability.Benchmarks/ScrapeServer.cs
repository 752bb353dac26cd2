using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Metrics.Exposition;

namespace Observability.Benchmarks;

/// <summary>
/// The serve mode: the 66k-line registry behind a minimal Kestrel endpoint on 127.0.0.1, negotiating
/// format and gzip the way a Prometheus scrape asks for them. <c>/static-metrics</c> serves the same text
/// (and its gzip form) from bytes prepared at start-up: the cost of the host and the transfer alone, a
/// floor under any /metrics figure measured through this host.
/// </summary>
internal static class ScrapeServer
{
    public static async Task<int> RunAsync(int port)
    {
        var registry = ScrapeRegistry.Build();
        byte[] staticText;
        byte[] staticGzip;
        using (var payload = registry.Collect(ExpositionFormat.PrometheusText))
        {
            staticText = payload.ToArray();
            using var compressed = new MemoryStream();
            await payload.WriteToAsync(compressed, gzip: true).ConfigureAwait(false);
            staticGzip = compressed.ToArray();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();

        app.MapGet("/metrics", async (HttpContext context) =>
        {
            var request = context.Request;
            var response = context.Response;
            var format = ExpositionNegotiator.SelectFormat(request.Headers.Accept.ToString());
            var gzip = ExpositionNegotiator.AcceptsGzip(request.Headers.AcceptEncoding.ToString());

            // Collect completes before the first byte is sent, so a failing collection can still answer 500.
            // With gzip, chunks are compressed while later ones are still being collected.
            using var payload = registry.Collect(format, gzip);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = payload.ContentType;
            response.Headers.Vary = "Accept, Accept-Encoding";
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            response.ContentLength = payload.Length;
            await payload.WriteToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/static-metrics", async (HttpContext context) =>
        {
            var gzip = ExpositionNegotiator.AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString());
            var body = gzip ? staticGzip : staticText;
            context.Response.ContentType = ExpositionNegotiator.TextContentType;
            if (gzip)
            {
                context.Response.Headers.ContentEncoding = "gzip";
            }

            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/health", () => Results.Text("ok"));

        await app.StartAsync().ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"serving http://127.0.0.1:{port}/metrics").ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
