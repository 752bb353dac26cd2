using Microsoft.Extensions.Time.Testing;
namespace Observability.Metrics.Tests.Support;

/// <summary>The registries whose whole exposition is kept as golden files.</summary>
internal static class GoldenRegistries
{
    public static readonly DateTimeOffset Clock = new(2026, 11, 21, 12, 0, 0, 123, TimeSpan.Zero);

    /// <summary>Seed 001's eight families under the <c>opencode</c> namespace, with a few updates.</summary>
    public static MetricRegistry Seed()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "opencode", TimeProvider = new FakeTimeProvider(Clock) });
        var duration = registry.CreateHistogram(
            "task_duration_seconds", "Task completion duration in seconds", [60, 300, 900, 1800, 3600], "agent_type", "task_type", "stage", "success");
        var tasks = registry.CreateCounter("task_total", "Total tasks executed", "agent_type", "task_type", "success");
        var coverage = registry.CreateGauge("code_coverage_percent", "Code coverage percentage");
        var lint = registry.CreateCounter(
            "lint_errors_total", "Total lint errors", new MetricOptions { LabelNames = ["severity"], KnownLabelSets = [["error"], ["warning"]] });
        var pipeline = registry.CreateHistogram(
            "pipeline_duration_seconds", "Pipeline execution duration", [10, 30, 60, 120, 300], "stage", "success");
        var failures = registry.CreateCounter("pipeline_failures_total", "Total pipeline failures", "stage", "failure_type");
        var ai = registry.CreateGauge("ai_success_rate", "AI task success rate", "agent_type");
        var human = registry.CreateCounter("human_interventions_total", "Total human interventions", "reason");

        duration.WithLabels("impl", "spec", "build", "true").Observe(120, Exemplar.Of("event_id", "evt-0001"));
        duration.WithLabels("impl", "spec", "build", "true").Observe(2400);
        duration.WithLabels("review", "bugfix", "verify", "false").Observe(45.5);
        tasks.WithLabels("impl", "spec", "true").Inc(2, Exemplar.Of("event_id", "evt-0002"));
        tasks.WithLabels("review", "bugfix", "false").Inc();
        coverage.Unlabelled.Set(82.5);
        lint.WithLabels("error").Inc(3);
        pipeline.WithLabels("test", "false").Observe(95);
        failures.WithLabels("test", "flaky_test").Inc();
        ai.WithLabels("impl").Set(0.75);
        human.WithLabels("ambiguous_spec").Inc();
        return registry;
    }

    /// <summary>Edge cases: unicode, empty values, quotes, backslashes, newlines, huge, tiny and special values.</summary>
    /// <summary>The edge cases' gauge values by case: NaN, infinities, extremes, signed zero, forms that round.</summary>
    public static readonly (string Case, double Value)[] EdgeValues =
    [
        ("nan", double.NaN), ("pos_inf", double.PositiveInfinity), ("neg_inf", double.NegativeInfinity),
        ("huge", 1.7976931348623157e308), ("tiny", 5e-324), ("negative_zero", -0.0), ("million", 1e6),
        ("fraction", 0.1 + 0.2), ("small", 0.00001234), ("negative", -1234567.891),
    ];

    /// <summary>The edge cases' label values (empty, escapes, unicode, braces, over the length cap) and their increments.</summary>
    public static readonly (string Value, double Increment)[] EdgeLabelValues =
    [
        (string.Empty, 1), ("quote\"inside", 1), ("back\\slash", 1), ("new\nline", 1), ("unicode: żółć 日本語 🚀", 1),
        ("braces {a=\"b\",c}", 1), (new string('x', 200), 0.5),
    ];

    public static MetricRegistry EdgeCases()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "edge", TimeProvider = new FakeTimeProvider(Clock) });
        var values = registry.CreateGauge("values", "Special values: \"quoted\" help with a back\\slash\nand a second line.", "case");
        foreach (var (name, value) in EdgeValues)
        {
            values.WithLabels(name).Set(value);
        }

        var labels = registry.CreateCounter("label_values_total", "Label values that need escaping or are unusual.", "value");
        foreach (var (value, increment) in EdgeLabelValues)
        {
            labels.WithLabels(value).Inc(increment);
        }

        var buckets = registry.CreateHistogram(
            "le_format_seconds", "Bucket bounds across magnitudes.", [1e-05, 0.005, 0.1, 1, 2.5, 100, 1e6, 1.5e7], "kind");
        var h = buckets.WithLabels("mixed");
        foreach (var v in new[] { 0.000001, 0.003, 0.05, 1, 2, 99.5, 123456, 2e7, double.NaN })
        {
            h.Observe(v);
        }

        buckets.WithLabels("empty");
        return registry;
    }
}
