using Observability.Learning.Playbook;
using Observability.Metrics;

namespace Observability.Learning;

/// <summary>
/// The learning row's metrics, set at scrape time from the projection and the clock (confidence decays with time).
/// Labels are bounded: <c>kind</c> (rule, anti_pattern), <c>trigger</c> (scheduled, demand), <c>outcome</c> (success,
/// failure); no rule id or pattern value is ever a label value.
/// </summary>
public sealed class LearningMetrics
{
    private readonly GaugeFamily _rules;
    private readonly GaugeFamily _confidence;
    private readonly GaugeFamily _patterns;
    private readonly CounterFamily _antiPatterns;
    private readonly CounterFamily _runs;
    private readonly CounterFamily _outcomes;
    private readonly Gauge _lastRun;

    /// <summary>Registers the families in <paramref name="registry"/>, every known label set at 0.</summary>
    public LearningMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var kinds = LearningNames.Kinds.Select(k => (IReadOnlyList<string>)[k]).ToList();
        _rules = registry.CreateGauge(
            "learning_playbook_rules", "Rules (kind=rule) and anti-patterns (kind=anti_pattern) in the playbook whose decayed confidence is at least Learning:MinConfidence.",
            new MetricOptions { LabelNames = ["kind"], KnownLabelSets = kinds });
        _confidence = registry.CreateGauge(
            "learning_rule_confidence_mean_ratio", "Mean decayed confidence of the playbook's rules of each kind, 0 to 1 (no sample while it has none).",
            new MetricOptions { LabelNames = ["kind"] });
        _patterns = registry.CreateGauge(
            "learning_patterns", "Failure (kind=failure) and success (kind=success) patterns the newest reflection run found.",
            new MetricOptions { LabelNames = ["kind"], KnownLabelSets = [["failure"], ["success"]] });
        _antiPatterns = registry.CreateCounter(
            "learning_anti_patterns_detected_total", "Distinct anti-patterns reflection runs have added to the playbook.", new MetricOptions());
        _runs = registry.CreateCounter(
            "learning_reflection_runs_total", "Reflection runs stored in the log, by trigger (scheduled or demand).",
            new MetricOptions { LabelNames = ["trigger"], KnownLabelSets = LearningNames.Triggers.Select(t => (IReadOnlyList<string>)[t]) });
        _outcomes = registry.CreateCounter(
            "learning_context_outcomes_total", "Task outcomes recorded against the rules they were shown (POST /api/v1/outcomes), by outcome.",
            new MetricOptions { LabelNames = ["outcome"], KnownLabelSets = LearningNames.Outcomes.Select(o => (IReadOnlyList<string>)[o]) });
        _lastRun = registry.CreateGauge(
            "learning_last_reflection_timestamp_seconds", "Unix time of the newest reflection run; 0 before the first.").Unlabelled;
    }

    /// <summary>Sets every series from <paramref name="state"/> at <paramref name="now"/>; call under the host's lock.</summary>
    public void Publish(LearningProjection state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var options = state.Options;
        foreach (var kind in LearningNames.Kinds)
        {
            var confidences = state.Rules.Values
                .Where(r => r.Kind == kind)
                .Select(r => Confidence.At(r, state.Outcomes.GetValueOrDefault(r.Id), now, options.HalfLife))
                .Where(c => c >= options.MinConfidence)
                .ToList();
            _rules.WithLabels(kind).Set(confidences.Count);
            if (confidences.Count > 0)
            {
                _confidence.WithLabels(kind).Set(confidences.Average());
            }
            else
            {
                _confidence.Remove(kind);
            }
        }

        _patterns.WithLabels("failure").Set(state.LastRun?.FailurePatterns ?? 0);
        _patterns.WithLabels("success").Set(state.LastRun?.SuccessPatterns ?? 0);
        CatchUp(_antiPatterns.Unlabelled, state.AntiPatternsDetected);
        for (var i = 0; i < LearningNames.Triggers.Count; i++)
        {
            CatchUp(_runs.WithLabels(LearningNames.Triggers[i]), state.Runs[i]);
        }

        for (var i = 0; i < LearningNames.Outcomes.Count; i++)
        {
            CatchUp(_outcomes.WithLabels(LearningNames.Outcomes[i]), state.OutcomeCounts[i]);
        }

        _lastRun.Set(state.LastRun is { } run ? run.At.ToUnixTimeMilliseconds() / 1000.0 : 0);
    }

    // The counts only grow in the log, so the counter follows them by the difference.
    private static void CatchUp(Counter counter, long total)
    {
        var missing = total - counter.Value;
        if (missing > 0)
        {
            counter.Inc(missing);
        }
    }
}
