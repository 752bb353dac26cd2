namespace Observability.Statistics;

/// <summary>One non-control variant's evidence for <see cref="Verdicts.Decide"/>.</summary>
/// <param name="Variant">The variant's name, carried into the answer.</param>
/// <param name="ControlN">Units in the control arm.</param>
/// <param name="VariantN">Units in this variant's arm.</param>
/// <param name="Estimate">
/// The effect with the sign of "variant minus control" on the metric's own scale: the rate difference, or the log
/// of the duration ratio. Only its sign is used, to tell better from worse.
/// </param>
/// <param name="PValue">The two-sided p-value of the comparison (of the kind the verdict names); NaN when none.</param>
public readonly record struct VerdictInput(string Variant, long ControlN, long VariantN, double Estimate, double PValue);
