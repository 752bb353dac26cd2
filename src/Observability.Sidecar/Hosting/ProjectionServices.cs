using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;
using Observability.Analytics.Windows;
using Observability.Ingestion;
using Observability.Ingestion.Mapping;
using Observability.Ingestion.Projection;
using Observability.Metrics;
using Observability.Projections;
using Observability.Projections.Compaction;
using Observability.Sidecar.Reactions;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Every derived view as a projection of the one <see cref="ProjectionHost"/>, in the order each event is applied to
/// them: the mapped metrics, task outcomes, pipeline facts, run records, merge windows and stored crossings; and the
/// reactions that run after them (storing threshold crossings, delivering them to webhooks).
/// </summary>
internal static class ProjectionServices
{
    public static IServiceCollection AddProjections(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>());
        services.AddOptions<WindowsOptions>().Bind(configuration.GetSection(WindowsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WindowsOptions>, WindowsOptionsValidator>());
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());

        services.TryAddSingleton(provider => new MetricsProjection(provider.GetRequiredService<MetricMapping>(), provider.GetRequiredService<MetricRegistry>()));
        services.TryAddSingleton(provider => new TaskOutcomesProjection(
            provider.GetRequiredService<MetricMapping>().Family("ai_success_rate") as GaugeFamily));
        services.TryAddSingleton<PipelineFacts>();
        services.TryAddSingleton(provider => new PipelineQueries(
            provider.GetRequiredService<PipelineFacts>(), provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value));
        services.TryAddSingleton(provider => new RunRecordView(provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value));
        services.TryAddSingleton(provider => new MergeWindowsView(provider.GetRequiredService<IOptions<WindowsOptions>>().Value));
        services.TryAddSingleton<StoredCrossingsView>();
        services.TryAddSingleton(CreateHost);
        services.TryAddSingleton(provider => new WebhookMetrics(
            provider.GetRequiredService<MetricRegistry>(),
            provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Urls.Count,
            provider.GetRequiredService<ServiceStates>().Webhooks));
        services.TryAddSingleton<ThresholdCrossingReaction>();
        services.TryAddSingleton(provider => new ReactionSet(
            [provider.GetRequiredService<ThresholdCrossingReaction>(), .. WebhookReactions.Create(provider), provider.GetRequiredService<Review.ReviewReaction>(),
             .. Proposals.ProposalServices.Reactions(provider), provider.GetRequiredService<Learning.ReflectionReaction>()]));
        return services;
    }

    private static ProjectionHost CreateHost(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var registry = provider.GetRequiredService<MetricRegistry>();
        var metrics = provider.GetRequiredService<MetricsProjection>();
        var windows = provider.GetRequiredService<MergeWindowsView>();
        var observer = new ProjectionMetrics(registry, new ProjectionLog(provider.GetRequiredService<ILogger<ProjectionLog>>()));
        var host = new ProjectionHost(
            [
                metrics,
                provider.GetRequiredService<TaskOutcomesProjection>(),
                provider.GetRequiredService<PipelineFacts>(),
                provider.GetRequiredService<RunRecordView>(),
                windows,
                provider.GetRequiredService<StoredCrossingsView>(),
                provider.GetRequiredService<Observability.Experiments.Experiments.ExperimentsProjection>(),
                provider.GetRequiredService<Observability.Experiments.Goals.GoalsProjection>(),
                provider.GetRequiredService<Observability.Review.State.ReviewState>(),
                provider.GetRequiredService<Observability.Review.Findings.FindingsProjection>(),
                provider.GetRequiredService<Observability.Proposals.ProposalsProjection>(),
                provider.GetRequiredService<Observability.Learning.LearningProjection>(),
                provider.GetRequiredService<SourceWebhooks.ReviewRoundsView>(),
            ],
            new ProjectionHostOptions
            {
                SnapshotPath = options.Snapshot ? SidecarStartup.SnapshotPath(options) : null,
                BaseSnapshotPath = new CompactionLayout(options.DataDirectory).BaseSnapshot,
                SnapshotInterval = TimeSpan.FromSeconds(options.SnapshotIntervalSeconds),

                // The metric registry's code shapes the series the metrics projection restores.
                Fingerprint = typeof(MetricRegistry).Assembly.ManifestModule.ModuleVersionId.ToString(),
                Duplicates = provider.GetRequiredService<IngestionWriter>().Duplicates,
                Observer = observer,
                Time = provider.GetRequiredService<TimeProvider>(),
            });
        observer.Observe(host);
        ExperimentServices.PublishGauges(provider, host, registry);
        Review.ReviewServices.PublishGauges(provider, host, registry);
        Proposals.ProposalServices.PublishGauges(provider, host, registry);
        Learning.LearningServices.PublishMetrics(provider, host, registry);

        // Derived at scrape time, under the host's lock, from the state as of the last event applied.
        var windowMetrics = new WindowsMetrics(registry, provider.GetRequiredService<IOptions<WindowsOptions>>().Value);
        var openItems = registry.CreateGauge(
            "derivation_open_items", "Task, pipeline-stage, request and defect starts waiting for their end event.").Unlabelled;
        registry.AddCollectCallback(() => host.Read(() =>
        {
            windowMetrics.Publish(windows.Snapshot());
            openItems.Set(metrics.OpenItems);
            return 0;
        }));

        // threshold_crossings_total is fed by the mapping from the stored threshold:crossed events (so it counts each
        // once, across restarts); its four meaningful label pairs exist at 0 from the first scrape.
        if (provider.GetRequiredService<MetricMapping>().Family("threshold_crossings_total") is CounterFamily crossings)
        {
            foreach (var (threshold, direction) in WindowNames.Crossings)
            {
                crossings.WithLabels(threshold, direction);
            }
        }

        return host;
    }
}
