using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>The GitHub and GitLab webhook receivers' options, secrets, metrics, review-rounds projection and endpoints.</summary>
internal static class SourceWebhookServices
{
    public const string GitHubRoute = "/api/v1/webhooks/github";
    public const string GitLabRoute = "/api/v1/webhooks/gitlab";

    public static IServiceCollection AddSourceWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GitHubWebhookOptions>().Bind(configuration.GetSection(GitHubWebhookOptions.Section)).ValidateOnStart();
        services.AddOptions<GitLabWebhookOptions>().Bind(configuration.GetSection(GitLabWebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubWebhookOptions>, SourceWebhookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitLabWebhookOptions>, SourceWebhookOptionsValidator>());
        services.TryAddSingleton<SourceWebhookSecrets>();
        services.TryAddSingleton<SourceWebhookMetrics>();
        services.TryAddSingleton<ReviewRoundsView>();
        services.TryAddSingleton<SourceWebhookReceiver>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Resolved now: the families exist at 0 from the first scrape, and a secret file is read at start, not on the
        // first delivery.
        endpoints.ServiceProvider.GetRequiredService<SourceWebhookMetrics>();
        var secrets = endpoints.ServiceProvider.GetRequiredService<SourceWebhookSecrets>();
        var logger = endpoints.ServiceProvider.GetRequiredService<ILogger<SourceWebhookSecrets>>();
        if (secrets.GitHubKey is null && secrets.GitHubAllowUnsigned)
        {
            Hosting.Log.SourceWebhookUnsigned(logger, "GitHub");
        }

        if (secrets.GitLabToken is null && secrets.GitLabSigningKey is null && secrets.GitLabAllowUnsigned)
        {
            Hosting.Log.SourceWebhookUnsigned(logger, "GitLab");
        }

        endpoints.MapPost(GitHubRoute, GitHubWebhookEndpoint.HandleAsync);
        endpoints.MapPost(GitLabRoute, GitLabWebhookEndpoint.HandleAsync);
    }
}
