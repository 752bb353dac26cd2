using Observability.Experiments.Declarations;

namespace Observability.Experiments.Experiments;

/// <summary>An arm's counts at one log position, detached from the projection.</summary>
internal sealed record ArmSnapshot(
    long N,
    long Exposures,
    long Succeeded,
    long FirstPass,
    long Reworked,
    long Intervened,
    double[] Durations,
    double[] Costs,
    double[] Tokens,
    double CostSum,
    double TokenSum)
{
    /// <summary>Units counted by a rate metric.</summary>
    public long Count(ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.SuccessRate => Succeeded,
        ExperimentMetric.FirstPassMergeRate => FirstPass,
        ExperimentMetric.ReworkRate => Reworked,
        ExperimentMetric.HumanInterventionRate => Intervened,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a rate."),
    };

    /// <summary>The per-unit values of an amount metric.</summary>
    public double[] Values(ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.Duration => Durations,
        ExperimentMetric.Cost => Costs,
        ExperimentMetric.Tokens => Tokens,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not an amount."),
    };
}
