using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary><c>services.AddSidecarSecurity()</c>: tokens, the scheme that reads them, one policy per scope, the answers to refusals.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddSidecarSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton<TokenStore>();
        // The core alone: AddAuthentication would bring data protection, which the sidecar has no use for (no cookies)
        // and which warns at every start about keys kept unencrypted.
        services.AddAuthenticationCore(options =>
        {
            options.DefaultScheme = CertificateAuthentication.CallerScheme;
            options.AddScheme<TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, displayName: null);
        });
        services.AddSidecarCertificates();
        services.AddWebEncoders();
        services.AddAuthorization(options =>
        {
            foreach (var scope in Scopes.All)
            {
                options.AddPolicy(scope, policy => policy.AddRequirements(new ScopeRequirement(scope)));
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ScopeAuthorizationHandler>());
        // After AddAuthorization's default, so this one is the one resolved.
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationAnswers>();
        services.AddHostedService<EndpointAccessCheck>();
        services.AddSidecarTls(configuration);
        services.AddSidecarRateLimits(configuration);
        services.TryAddSingleton<EventQuotas>();
        services.TryAddSingleton<EventAdmission>();
        services.AddHostedService(provider => provider.GetRequiredService<EventAdmission>());
        services.TryAddSingleton<LogSizeCap>();
        services.AddHostedService(provider => provider.GetRequiredService<LogSizeCap>());
        services.AddSidecarCors(configuration);

        // No server banner: it names the framework to whoever probes the port.
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        return services;
    }

    /// <summary>Security headers, then who is calling and whether they may: after routing, before the endpoints.</summary>
    public static IApplicationBuilder UseSidecarSecurity(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseSidecarCors();
        app.UseAuthentication();

        // After authentication, so a token's bucket is its own; before authorization, so refused callers count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<CallerLogContext>();
        return app;
    }
}
