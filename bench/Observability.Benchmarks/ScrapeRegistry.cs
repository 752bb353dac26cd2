using System.Globalization;
using System.Text;

namespace Observability.Benchmarks;

/// <summary>One finished task as the seed's executeTask() reports it.</summary>
internal readonly record struct TaskEvent(string AgentType, string TaskType, string Stage, bool Success, double DurationSeconds);

/// <summary>
/// The registry behind the large-scrape figures: the seed's task metrics (names, labels and buckets as
/// the seed and its Node prom-client peer define them) filled with 8,000 histogram series of 5 buckets
/// (8 lines each: 6 buckets with +Inf, _sum, _count) and 2,000 counter series, about 66,000 sample
/// lines and 7.6 MB of text. Deterministic, so every mode (benchmarks, serve, dump, events) and the
/// Node peer see the same series and values.
/// </summary>
internal static class ScrapeRegistry
{
    public const string Namespace = "opencode";

    // 10 roles x 4 models = 40 agent types; x 25 task types x 2 outcomes = 2,000 counter series;
    // x 4 stages = 8,000 histogram series.
    private static readonly string[] Roles =
        ["planner", "coder", "reviewer", "tester", "debugger", "refactorer", "documenter", "auditor", "migrator", "triager"];

    private static readonly string[] Models = ["sonnet", "haiku", "gpt4o", "llama70b"];

    private static readonly string[] TaskTypes =
    [
        "bugfix", "feature", "refactor", "test_gen", "code_review", "docs", "dep_upgrade", "migration", "perf_tuning",
        "security_patch", "ci_config", "lint_fix", "api_design", "schema_change", "release_notes", "triage", "i18n",
        "a11y", "observability", "incident", "backfill", "infra", "ui_polish", "spike", "cleanup",
    ];

    private static readonly string[] Stages = ["plan", "implement", "test", "review"];

    private static readonly bool[] Outcomes = [true, false];

    /// <summary>The seed's bucket bounds for task duration (seconds).</summary>
    public static readonly double[] Buckets = [60, 300, 900, 1800, 3600];

    public static int HistogramSeries => Roles.Length * Models.Length * TaskTypes.Length * Stages.Length * 2;

    public static int CounterSeries => Roles.Length * Models.Length * TaskTypes.Length * 2;

    /// <summary>Every event, in a fixed order: 1 to 4 per histogram series, durations spread over all buckets.</summary>
    public static IEnumerable<TaskEvent> Events()
    {
        var random = new Random(20_240_601);
        foreach (var role in Roles)
        {
            foreach (var model in Models)
            {
                var agent = role + "-" + model;
                foreach (var task in TaskTypes)
                {
                    foreach (var stage in Stages)
                    {
                        foreach (var success in Outcomes)
                        {
                            var count = 1 + random.Next(4);
                            for (var i = 0; i < count; i++)
                            {
                                // Log-uniform from 10 s to ~2 h, rounded to milliseconds like a real timer.
                                var seconds = Math.Round(10 * Math.Pow(720, random.NextDouble()), 3);
                                yield return new TaskEvent(agent, task, stage, success, seconds);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Builds the registry and applies every event to it, as the seed's executeTask() does.</summary>
    public static MetricRegistry Build()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = Namespace });
        var duration = registry.CreateHistogram(
            "task_duration_seconds",
            "Task completion duration in seconds",
            new MetricOptions
            {
                LabelNames = ["agent_type", "task_type", "stage", "success"],
                Buckets = Buckets,
                MaxSeries = 10_000,
            });
        var total = registry.CreateCounter(
            "task_total",
            "Total tasks executed",
            new MetricOptions { LabelNames = ["agent_type", "task_type", "success"], MaxSeries = 10_000 });

        foreach (var e in Events())
        {
            var success = e.Success ? "true" : "false";
            total.WithLabels(e.AgentType, e.TaskType, success).Inc();
            duration.WithLabels(e.AgentType, e.TaskType, e.Stage, success).Observe(e.DurationSeconds);
        }

        if (duration.SeriesCount != HistogramSeries || total.SeriesCount != CounterSeries)
        {
            throw new InvalidOperationException(
                $"Expected {HistogramSeries} histogram and {CounterSeries} counter series, got {duration.SeriesCount} and {total.SeriesCount}.");
        }

        return registry;
    }

    /// <summary>The events as NDJSON, the body the Node peer's POST /events takes.</summary>
    public static void WriteEventsNdjson(TextWriter output)
    {
        var line = new StringBuilder();
        foreach (var e in Events())
        {
            line.Clear()
                .Append("{\"agent_type\":\"").Append(e.AgentType)
                .Append("\",\"task_type\":\"").Append(e.TaskType)
                .Append("\",\"stage\":\"").Append(e.Stage)
                .Append("\",\"success\":").Append(e.Success ? "true" : "false")
                .Append(",\"duration_seconds\":").Append(e.DurationSeconds.ToString("R", CultureInfo.InvariantCulture))
                .Append('}');
            output.Write(line);
            output.Write('\n');
        }
    }
}
