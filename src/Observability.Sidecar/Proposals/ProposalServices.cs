using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Metrics;
using Observability.Projections;
using Observability.Proposals;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Reactions;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// The proposals: options (validated at start), the projection, its metrics, and the reactions: autonomous approval
/// when <c>Proposals:Autonomous</c> is on, and one delivery reaction per configured tracker.
/// </summary>
internal static class ProposalServices
{
    public static IServiceCollection AddProposals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProposalsOptions>().Bind(configuration.GetSection(ProposalsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProposalsOptions>, ProposalsOptionsValidator>());
        services.TryAddSingleton(provider => new ProposalsProjection(provider.GetRequiredService<IOptions<ProposalsOptions>>().Value));
        services.TryAddSingleton<ProposalEventWriter>();
        services.TryAddSingleton<AutoApprovalReaction>();
        services.TryAddSingleton<ProposalEndpoints.Decider>();
        services.TryAddSingleton(provider => new ProposalMetrics(provider.GetRequiredService<MetricRegistry>()));
        return services;
    }

    /// <summary>Sets the gauges at every scrape from the projection as of the last event applied.</summary>
    public static void PublishGauges(IServiceProvider provider, ProjectionHost host, MetricRegistry registry)
    {
        var metrics = provider.GetRequiredService<ProposalMetrics>();
        var proposals = provider.GetRequiredService<ProposalsProjection>();
        var trackers = Configured(provider.GetRequiredService<IOptions<ProposalsOptions>>().Value);
        registry.AddCollectCallback(() => host.Read(() =>
        {
            metrics.Publish(proposals, trackers);
            return 0;
        }));
    }

    /// <summary>The approval reaction and one delivery reaction per configured tracker.</summary>
    public static IReadOnlyList<IReaction> Reactions(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<ProposalsOptions>>().Value;
        var time = provider.GetRequiredService<TimeProvider>();
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var trackers = new List<IProposalTracker>();
        if (options.Webhook.Url is { } url)
        {
            byte[]? key = null;
            if (options.Webhook.Secret is { } secret && !WebhookSignature.TryParseSecret(secret, out key, out var problem))
            {
                throw new InvalidOperationException($"{ProposalsOptions.Section}:Webhook:Secret {problem}");
            }

            trackers.Add(new WebhookTracker(new Uri(url, UriKind.Absolute), new WebhookSender(key, timeout, time)));
        }

        if (options.GitHub.Enabled)
        {
            var build = provider.GetRequiredService<BuildInfo>();
            trackers.Add(new GitHubTracker(options.GitHub, $"agentobs-sidecar/{build.Version}", timeout, time));
        }

        var schedule = new RetrySchedule(
            TimeSpan.FromSeconds(options.BaseDelaySeconds), TimeSpan.FromSeconds(options.MaxDelaySeconds), TimeSpan.MaxValue);
        var logger = provider.GetRequiredService<ILogger<DeliveryReaction>>();
        return
        [
            provider.GetRequiredService<AutoApprovalReaction>(),
            .. trackers.Select(tracker => new DeliveryReaction(
                tracker,
                provider.GetRequiredService<ProposalsProjection>(),
                provider.GetRequiredService<ProposalEventWriter>(),
                provider.GetRequiredService<EventLogHandle>(),
                provider.GetRequiredService<ReactionHold>(),
                schedule,
                options.MaxDeliveriesPerHour,
                options.LinkBaseUrl,
                provider.GetRequiredService<ProposalMetrics>(),
                time,
                logger)),
        ];
    }

    private static List<string> Configured(ProposalsOptions options)
    {
        var trackers = new List<string>();
        if (options.Webhook.Url is not null)
        {
            trackers.Add(WebhookTracker.TrackerName);
        }

        if (options.GitHub.Enabled)
        {
            trackers.Add(GitHubTracker.TrackerName);
        }

        return trackers;
    }
}
