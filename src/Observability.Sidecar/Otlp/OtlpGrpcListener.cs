using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Otlp;

/// <summary>
/// The OTLP/gRPC listener (<c>Otlp:GrpcUrl</c>, off by default). Cleartext gRPC is HTTP/2 with prior knowledge, which
/// Kestrel serves only on an endpoint that speaks HTTP/2 alone, so the URL is a listener of its own. It is added to the
/// server's URLs rather than bound in code or in <c>Kestrel:Endpoints</c>, either of which would make Kestrel drop
/// <c>--urls</c> (the main listener); the endpoint defaults then give that port, and only that port, HTTP/2 alone. On it
/// only the two Export methods are served: anything else gets a clear refusal naming them.
/// </summary>
internal sealed record OtlpGrpcListener(Uri Url)
{
    private static readonly string[] Methods =
    [
        "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
        "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
    ];

    /// <summary>Adds the listener when <c>Otlp:GrpcUrl</c> is set; a value that does not parse is left to the validator's message.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        if (!OtlpOptionsValidator.TryParseGrpcUrl(builder.Configuration[$"{OtlpOptions.Section}:{nameof(OtlpOptions.GrpcUrl)}"], out var url, out _))
        {
            return;
        }

        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty;
        builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), url.GetLeftPart(UriPartial.Authority)]);
        builder.Services.AddSingleton(new OtlpGrpcListener(url));
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            if (listen.IPEndPoint?.Port == url.Port)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
        }));
    }

    /// <summary>On the listener's port, lets only the gRPC methods through; a no-op without the listener.</summary>
    public static void Use(WebApplication app)
    {
        if (app.Services.GetService<OtlpGrpcListener>() is not { } listener)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILogger<OtlpGrpcListener>>();
        app.Lifetime.ApplicationStarted.Register(() => Log.OtlpGrpcListening(logger, listener.Url.GetLeftPart(UriPartial.Authority)));
        var port = listener.Url.Port;
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
            {
                return next(context);
            }

            var path = context.Request.Path.Value ?? "/";
            Log.OtlpGrpcListenerRefused(logger, context.Request.Method, path, context.Request.ContentType ?? "none");
            return Problem.WriteAsync(
                context, StatusCodes.Status404NotFound, "Not served on the OTLP/gRPC listener",
                $"{context.Request.Method} {path} is not served on this port (Otlp:GrpcUrl), which takes only OTLP/gRPC calls to "
                + $"{string.Join(" and ", Methods)}; the HTTP API, /v1/logs and /v1/metrics are on the main listener.",
                new { field = "path" });
        });
    }
}
