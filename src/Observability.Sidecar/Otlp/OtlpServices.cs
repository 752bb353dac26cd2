using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Otlp;

/// <summary>Registers and maps the OTLP/HTTP receiver.</summary>
internal static class OtlpServices
{
    public static IServiceCollection AddOtlp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OtlpOptions>().Bind(configuration.GetSection(OtlpOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OtlpOptions>, OtlpOptionsValidator>());
        services.TryAddSingleton<OtlpReceiver>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(OtlpSignal.Logs.Path, (HttpContext context, OtlpReceiver receiver) => receiver.HandleAsync(context, OtlpSignal.Logs));
        endpoints.MapPost(OtlpSignal.Metrics.Path, (HttpContext context, OtlpReceiver receiver) => receiver.HandleAsync(context, OtlpSignal.Metrics));
    }
}
