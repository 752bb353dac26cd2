using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Otlp;

/// <summary>Registers and maps the OTLP receiver: OTLP/HTTP and the OTLP/gRPC services.</summary>
internal static class OtlpServices
{
    public static IServiceCollection AddOtlp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OtlpOptions>().Bind(configuration.GetSection(OtlpOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OtlpOptions>, OtlpOptionsValidator>());
        services.TryAddSingleton<OtlpReceiver>();

        // OTLP/gRPC: the same limit as OTLP/HTTP on a message, as received and again after gzip (the framework checks
        // both and answers RESOURCE_EXHAUSTED); gzip is among the framework's default request encodings.
        services.AddGrpc();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpGrpcLogs>, OtlpGrpcMethods>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpGrpcMetrics>, OtlpGrpcMethods>());
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<OtlpOptions>>((grpc, otlp) =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Clamp(otlp.Value.MaxRequestBodyBytes, 0, int.MaxValue);
            grpc.EnableDetailedErrors = false;

            // No catch-all UNIMPLEMENTED endpoints (they have no method, so no line in the access table): an unknown
            // service or method falls through to routing's 404, which a gRPC caller gets as UNIMPLEMENTED.
            grpc.IgnoreUnknownServices = true;
        });
        return services;
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(OtlpSignal.Logs.Path, (HttpContext context, OtlpReceiver receiver) => receiver.HandleAsync(context, OtlpSignal.Logs));
        endpoints.MapPost(OtlpSignal.Metrics.Path, (HttpContext context, OtlpReceiver receiver) => receiver.HandleAsync(context, OtlpSignal.Metrics));

        // Mapped whatever Otlp:GrpcUrl says: over HTTPS the main listener negotiates HTTP/2 and serves them too.
        endpoints.MapGrpcService<OtlpGrpcLogs>();
        endpoints.MapGrpcService<OtlpGrpcMetrics>();
    }
}
