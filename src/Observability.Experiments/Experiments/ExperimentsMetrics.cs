using Observability.Metrics;
using Observability.Statistics;

namespace Observability.Experiments.Experiments;

/// <summary>
/// The experiments' gauges, set from the answers at scrape time. Label values are only declared experiments and
/// variants (bounded by what operators declare), the five verdicts and the two kinds of p-value; a dimension value no
/// arm declares is never a label value.
/// </summary>
public sealed class ExperimentsMetrics
{
    private static readonly Verdict[] AllVerdicts = Enum.GetValues<Verdict>();
    private readonly GaugeFamily _units;
    private readonly GaugeFamily _rate;
    private readonly GaugeFamily _lower;
    private readonly GaugeFamily _upper;
    private readonly GaugeFamily _verdict;
    private readonly GaugeFamily _mismatch;

    /// <summary>Registers the families in <paramref name="registry"/>.</summary>
    public ExperimentsMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _units = registry.CreateGauge("experiment_variant_units", "Units counted in each declared variant of an experiment.", "experiment", "variant");
        _rate = registry.CreateGauge(
            "experiment_variant_rate_ratio", "Each declared variant's rate on the experiment's primary metric (its success rate when the primary metric is an amount).",
            "experiment", "variant");
        _lower = registry.CreateGauge("experiment_variant_rate_lower_ratio", "Lower bound of the 95 % Wilson interval of each variant's rate.", "experiment", "variant");
        _upper = registry.CreateGauge("experiment_variant_rate_upper_ratio", "Upper bound of the 95 % Wilson interval of each variant's rate.", "experiment", "variant");
        _verdict = registry.CreateGauge(
            "experiment_verdict", "1 for each non-control variant's current verdict against the control, 0 for the other verdicts; p_value names the kind of p-value it rests on.",
            "experiment", "variant", "verdict", "p_value");
        _mismatch = registry.CreateGauge("experiment_sample_ratio_mismatch", "1 when the experiment's split of units does not match its declared weights (p < 0.001).", "experiment");
    }

    /// <summary>Sets every gauge from <paramref name="answers"/>.</summary>
    public void Publish(IReadOnlyList<ExperimentAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var answer in answers)
        {
            foreach (var v in answer.Variants)
            {
                _units.WithLabels(answer.Name, v.Name).Set(v.N);
                _rate.WithLabels(answer.Name, v.Name).Set(v.Rate);
                _lower.WithLabels(answer.Name, v.Name).Set(v.RateInterval.Lower);
                _upper.WithLabels(answer.Name, v.Name).Set(v.RateInterval.Upper);
            }

            foreach (var c in answer.Comparisons)
            {
                SetVerdict(answer.Name, c.Variant, c.Verdict, PValueKind.FixedHorizon);
                if (c.AlwaysValidVerdict is { } alwaysValid)
                {
                    SetVerdict(answer.Name, c.Variant, alwaysValid, PValueKind.AlwaysValid);
                }
            }

            _mismatch.WithLabels(answer.Name).Set(answer.SampleRatio.Mismatch ? 1 : 0);
        }
    }

    private void SetVerdict(string experiment, string variant, string verdict, PValueKind kind)
    {
        foreach (var candidate in AllVerdicts)
        {
            _verdict.WithLabels(experiment, variant, candidate.Name(), kind.Name()).Set(candidate.Name() == verdict ? 1 : 0);
        }
    }
}
