using System.Text;
using Microsoft.Extensions.Time.Testing;
using Observability.Metrics.Tests.Support;
using Pn = Prometheus;

namespace Observability.Metrics.Tests.PrometheusNet;

/// <summary>
/// prometheus-net 8.2.1 registries fed what <see cref="GoldenRegistries"/> feeds ours, so the two expositions can
/// be compared line by line and checked by the same <c>promtool</c>.
/// </summary>
internal static class PrometheusNetRegistries
{
    /// <summary>The HELP text of the golden edge cases' gauge: a quote, a backslash and a line break.</summary>
    public const string EdgeHelp = "Special values: \"quoted\" help with a back\\slash\nand a second line.";

    /// <summary>A custom registry and a factory on it without a default exemplar provider (no <c>Activity.Current</c> reads).</summary>
    public static (Pn.CollectorRegistry Registry, Pn.MetricFactory Factory) Create()
    {
        var registry = Pn.Metrics.NewCustomRegistry();
        var factory = Pn.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = new Pn.ExemplarBehavior { DefaultExemplarProvider = null };
        return (registry, factory);
    }

    /// <summary>
    /// <see cref="GoldenRegistries.EdgeCases"/> in prometheus-net: the same families, names, HELP (unless
    /// <paramref name="help"/> replaces the gauge's), label values, values, buckets and observations.
    /// </summary>
    public static Pn.CollectorRegistry EdgeCases(string help = EdgeHelp)
    {
        var (registry, factory) = Create();
        var values = factory.CreateGauge("edge_values", help, ["case"]);
        values.WithLabels("nan").Set(double.NaN);
        values.WithLabels("pos_inf").Set(double.PositiveInfinity);
        values.WithLabels("neg_inf").Set(double.NegativeInfinity);
        values.WithLabels("huge").Set(1.7976931348623157e308);
        values.WithLabels("tiny").Set(5e-324);
        values.WithLabels("negative_zero").Set(-0.0);
        values.WithLabels("million").Set(1e6);
        values.WithLabels("fraction").Set(0.1 + 0.2);
        values.WithLabels("small").Set(0.00001234);
        values.WithLabels("negative").Set(-1234567.891);

        var labels = factory.CreateCounter("edge_label_values_total", "Label values that need escaping or are unusual.", ["value"]);
        labels.WithLabels(string.Empty).Inc();
        labels.WithLabels("quote\"inside").Inc();
        labels.WithLabels("back\\slash").Inc();
        labels.WithLabels("new\nline").Inc();
        labels.WithLabels("unicode: żółć 日本語 🚀").Inc();
        labels.WithLabels("braces {a=\"b\",c}").Inc();
        labels.WithLabels(new string('x', 200)).Inc(0.5);

        var buckets = factory.CreateHistogram(
            "edge_le_format_seconds",
            "Bucket bounds across magnitudes.",
            new Pn.HistogramConfiguration { LabelNames = ["kind"], Buckets = [1e-05, 0.005, 0.1, 1, 2.5, 100, 1e6, 1.5e7] });
        var h = buckets.WithLabels("mixed");
        foreach (var v in new[] { 0.000001, 0.003, 0.05, 1, 2, 99.5, 123456, 2e7, double.NaN })
        {
            h.Observe(v);
        }

        buckets.WithLabels("empty");
        return registry;
    }

    /// <summary>The two exemplar updates of <see cref="GoldenRegistries.Seed"/> (a counter by 2, a histogram observation), in both libraries.</summary>
    public static (MetricRegistry Ours, Pn.CollectorRegistry PrometheusNet) Exemplars()
    {
        var ours = new MetricRegistry(new MetricRegistryOptions { Namespace = "opencode", TimeProvider = new FakeTimeProvider(GoldenRegistries.Clock) });
        ours.CreateCounter("task_total", "Total tasks executed", "success").WithLabels("true").Inc(2, Exemplar.Of("event_id", "evt-0002"));
        ours.CreateHistogram("task_duration_seconds", "Task completion duration in seconds", [60, 300], "success")
            .WithLabels("true").Observe(120, Exemplar.Of("event_id", "evt-0001"));

        var (registry, factory) = Create();
        factory.CreateCounter("opencode_task_total", "Total tasks executed", ["success"])
            .WithLabels("true").Inc(2, Pn.Exemplar.From(Pn.Exemplar.Pair("event_id", "evt-0002")));
        factory.CreateHistogram(
                "opencode_task_duration_seconds",
                "Task completion duration in seconds",
                new Pn.HistogramConfiguration { LabelNames = ["success"], Buckets = [60, 300] })
            .WithLabels("true").Observe(120, Pn.Exemplar.From(Pn.Exemplar.Pair("event_id", "evt-0001")));
        return (ours, registry);
    }

    public static async Task<byte[]> CollectAsync(Pn.CollectorRegistry registry, Pn.ExpositionFormat format)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, format);
        return stream.ToArray();
    }

    public static async Task<string> CollectStringAsync(Pn.CollectorRegistry registry, Pn.ExpositionFormat format) =>
        Encoding.UTF8.GetString(await CollectAsync(registry, format));
}
