namespace Observability.Statistics;

/// <summary>What an experiment says about one variant against the control.</summary>
public enum Verdict
{
    /// <summary>The variant or the control has fewer units than the minimum sample: too early to say anything.</summary>
    InsufficientData,

    /// <summary>The split of units over the arms does not match the declared weights: no comparison can be trusted.</summary>
    Srm,

    /// <summary>Significantly better than the control after the multiple-comparison rule.</summary>
    Better,

    /// <summary>Significantly worse than the control after the multiple-comparison rule.</summary>
    Worse,

    /// <summary>No significant difference: not proof of no effect, only that the data do not show one.</summary>
    NoDifference,
}
