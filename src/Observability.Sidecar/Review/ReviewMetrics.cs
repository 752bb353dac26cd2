using Observability.Metrics;
using Observability.Review.Findings;

namespace Observability.Sidecar.Review;

/// <summary>
/// The review's metrics: open findings by kind and severity (set from the findings projection at scrape time; every
/// kind and severity exists at 0, so both labels are bounded by the documented sets), and each run's outcome.
/// </summary>
internal sealed class ReviewMetrics
{
    private static readonly double[] DurationBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5];
    private readonly GaugeFamily _open;
    private readonly CounterFamily _runs;
    private readonly CounterFamily _opened;
    private readonly CounterFamily _closed;
    private readonly Histogram _duration;
    private readonly Gauge _lastRun;

    public ReviewMetrics(MetricRegistry registry)
    {
        // Every kind and severity exists from the start, a fixed set: exempt from the operator's per-family cap (which a
        // small Sidecar:MaxSeriesPerFamily would otherwise fold), like the registry's own metric_series.
        _open = registry.CreateGauge(
            "findings_open", "Open review findings by kind and severity.", new MetricOptions { LabelNames = ["kind", "severity"], MaxSeries = int.MaxValue });
        _runs = registry.CreateCounter("review_runs_total", "Review runs, by what started them (schedule or request) and outcome (ok or failed).", "trigger", "outcome");
        _opened = registry.CreateCounter("review_findings_opened_total", "Findings this process's review runs opened, by kind.", "kind");
        _closed = registry.CreateCounter("review_findings_closed_total", "Findings this process's review runs closed because their condition cleared, by kind.", "kind");
        _duration = registry.CreateHistogram("review_run_duration_seconds", "Time a review run took to compute its findings (under the projection host's lock).", DurationBuckets).Unlabelled;
        _lastRun = registry.CreateGauge("review_last_run_timestamp_seconds", "When the last review run finished (Unix time).").Unlabelled;
        foreach (var kind in FindingKinds.All)
        {
            _opened.WithLabels(kind.Name);
            _closed.WithLabels(kind.Name);
            foreach (var severity in Severities.All)
            {
                _open.WithLabels(kind.Name, severity).Set(0);
            }
        }

        foreach (var trigger in new[] { ReviewTriggers.Schedule, ReviewTriggers.Request })
        {
            _runs.WithLabels(trigger, "ok");
            _runs.WithLabels(trigger, "failed");
        }
    }

    /// <summary>Sets the open-findings gauges from the open findings (of the documented kinds and severities).</summary>
    public void PublishOpen(IEnumerable<Finding> open)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var f in open)
        {
            if (FindingKinds.Find(f.Kind) is not null && Severities.Rank(f.Severity) >= 0)
            {
                counts[(f.Kind, f.Severity)] = counts.GetValueOrDefault((f.Kind, f.Severity)) + 1;
            }
        }

        foreach (var kind in FindingKinds.All)
        {
            foreach (var severity in Severities.All)
            {
                _open.WithLabels(kind.Name, severity).Set(counts.GetValueOrDefault((kind.Name, severity)));
            }
        }
    }

    public void Ran(string trigger, double seconds, IEnumerable<string> opened, IEnumerable<string> closed, DateTimeOffset at)
    {
        _runs.WithLabels(trigger, "ok").Inc();
        _duration.Observe(seconds);
        foreach (var kind in opened)
        {
            _opened.WithLabels(kind).Inc();
        }

        foreach (var kind in closed)
        {
            _closed.WithLabels(kind).Inc();
        }

        _lastRun.Set(at.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void Failed(string trigger) => _runs.WithLabels(trigger, "failed").Inc();
}

/// <summary>What started a review run.</summary>
internal static class ReviewTriggers
{
    public const string Schedule = "schedule";
    public const string Request = "request";
}
