using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Integration;

/// <summary>A route of the endpoint: the registry it serves and, unless negotiated, the format it forces.</summary>
internal sealed record MetricsRoute(MetricRegistry Registry, ExpositionFormat? ForcedFormat);

/// <summary>What the endpoint saw and answered on the last scrape of a path.</summary>
internal sealed record ScrapeRecord(
    string Accept, string AcceptEncoding, string UserAgent, ExpositionFormat Format, string ContentType, string? ContentEncoding, int Count);

/// <summary>
/// A minimal Kestrel app on 127.0.0.1 with a free port that serves registries as a real service would:
/// format from <c>Accept</c> via <see cref="ExpositionNegotiator"/> (or forced per path), gzip when
/// <c>Accept-Encoding</c> allows it. It records each path's last request for the assertions.
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ScrapeRecord> _scrapes = new(StringComparer.Ordinal);

    private MetricsEndpoint(WebApplication app, string hostAndPort)
    {
        _app = app;
        HostAndPort = hostAndPort;
    }

    /// <summary><c>127.0.0.1:port</c>, as a scrape target.</summary>
    public string HostAndPort { get; }

    public static async Task<MetricsEndpoint> StartAsync(IReadOnlyDictionary<string, MetricsRoute> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        MetricsEndpoint? endpoint = null;
        app.Run(context => endpoint!.ServeAsync(context, routes));
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        endpoint = new MetricsEndpoint(app, new Uri(address).Authority);
        return endpoint;
    }

    /// <summary>The last scrape of <paramref name="path"/>, or null if it was never scraped.</summary>
    public ScrapeRecord? LastScrape(string path) => _scrapes.TryGetValue(path, out var record) ? record : null;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context, IReadOnlyDictionary<string, MetricsRoute> routes)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!routes.TryGetValue(path, out var route))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var accept = context.Request.Headers.Accept.ToString();
        var acceptEncoding = context.Request.Headers.AcceptEncoding.ToString();
        var format = route.ForcedFormat ?? ExpositionNegotiator.SelectFormat(accept);
        var gzip = ExpositionNegotiator.AcceptsGzip(acceptEncoding);

        using var payload = route.Registry.Collect(format, gzip);
        context.Response.ContentType = payload.ContentType;
        context.Response.Headers.Vary = "Accept, Accept-Encoding";
        if (gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        await payload.WriteToAsync(context.Response.Body, context.RequestAborted);

        _scrapes.AddOrUpdate(
            path,
            _ => Record(1),
            (_, previous) => Record(previous.Count + 1));

        ScrapeRecord Record(int count) => new(
            accept,
            acceptEncoding,
            context.Request.Headers.UserAgent.ToString(),
            format,
            context.Response.ContentType,
            context.Response.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding ? encoding : null,
            count);
    }
}
