using Pn = Prometheus;

namespace Observability.Benchmarks;

/// <summary>
/// The <see cref="ScrapeRegistry"/> registry built in prometheus-net 8.2.1: the same families, names, help,
/// label names, buckets and events, so both libraries hold the same 8,000 histogram and 2,000 counter series
/// with the same values. The two self-metric families our registry adds (<c>opencode_metric_series</c> and
/// <c>opencode_metric_series_folded_total</c>, 8 lines) are mirrored with the same values, so a scrape of
/// either writes the same 66,008 samples.
/// </summary>
internal static class PrometheusNetScrapeRegistry
{
    /// <summary>
    /// No default exemplar provider: our library records an exemplar only when the caller passes one, so this is
    /// the same work. prometheus-net's default reads <c>Activity.Current</c> on every update.
    /// </summary>
    public static Pn.MetricFactory Factory(Pn.CollectorRegistry registry)
    {
        var factory = Pn.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = new Pn.ExemplarBehavior { DefaultExemplarProvider = null };
        return factory;
    }

    public static Pn.CollectorRegistry Build()
    {
        var registry = Pn.Metrics.NewCustomRegistry();
        var factory = Factory(registry);
        var ns = ScrapeRegistry.Namespace + "_";
        var duration = factory.CreateHistogram(
            ns + "task_duration_seconds",
            "Task completion duration in seconds",
            new Pn.HistogramConfiguration { LabelNames = ["agent_type", "task_type", "stage", "success"], Buckets = ScrapeRegistry.Buckets });
        var total = factory.CreateCounter(ns + "task_total", "Total tasks executed", ["agent_type", "task_type", "success"]);

        foreach (var e in ScrapeRegistry.Events())
        {
            var success = e.Success ? "true" : "false";
            total.WithLabels([e.AgentType, e.TaskType, success]).Inc();
            duration.WithLabels([e.AgentType, e.TaskType, e.Stage, success]).Observe(e.DurationSeconds);
        }

        var seriesFamily = ns + "metric_series";
        var foldedFamily = ns + "metric_series_folded_total";
        var series = factory.CreateGauge(seriesFamily, "Series held by each metric family, including its overflow series.", ["family"]);
        var folded = factory.CreateCounter(
            foldedFamily, "Updates folded into a family's overflow series because the family reached its series cap.", ["family"]);
        (string Family, int Series)[] self =
        [
            (ns + "task_duration_seconds", ScrapeRegistry.HistogramSeries),
            (ns + "task_total", ScrapeRegistry.CounterSeries),
            (seriesFamily, 4),
            (foldedFamily, 4),
        ];
        foreach (var (family, count) in self)
        {
            series.WithLabels(family).Set(count);
            folded.WithLabels(family);
        }

        return registry;
    }
}
