using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Inbound;

/// <summary>Registers the inbound rules and <see cref="InboundIngest"/>, the receivers' one way to store a source's documents.</summary>
internal static class InboundServices
{
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboundOptions>().Bind(configuration.GetSection(InboundOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InboundOptions>, InboundOptionsValidator>());
        services.TryAddSingleton<InboundIngest>();
        return services;
    }
}
