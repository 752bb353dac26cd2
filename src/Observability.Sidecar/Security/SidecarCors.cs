using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>
/// CORS for browser clients, off unless <c>Cors:AllowedOrigins</c> names origins: then ASP.NET Core's CORS middleware
/// answers preflights and adds the headers for those origins only, with the methods and request headers the API uses.
/// </summary>
internal static class SidecarCors
{
    public static IServiceCollection AddSidecarCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorsSettings>().Bind(configuration.GetSection(CorsSettings.Section))
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Cors:AllowedOrigins must list origins such as https://dashboard.example.com (http or https, a host, an optional port, no path, no wildcard).")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsSettings>>((options, settings) =>
            options.AddPolicy(CorsSettings.PolicyName, policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods(HttpMethods.Get, HttpMethods.Post)
                .WithHeaders("Authorization", "Content-Type", "Content-Encoding")
                .WithExposedHeaders("Retry-After")));
        return services;
    }

    /// <summary>Before authentication, so a preflight (which carries no credential) is answered, not refused.</summary>
    public static IApplicationBuilder UseSidecarCors(this IApplicationBuilder app)
    {
        // The configuration, not the options: reading those here would fail a bad origin before the host's start-up
        // validation, which names the setting without a stack trace.
        var origins = app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(CorsSettings.Section + ":AllowedOrigins");
        return origins.GetChildren().Any() || !string.IsNullOrEmpty(origins.Value) ? app.UseCors(CorsSettings.PolicyName) : app;
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
        && !value.Contains('*', StringComparison.Ordinal) && string.IsNullOrEmpty(uri.UserInfo);
}
