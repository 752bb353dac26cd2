namespace Observability.Statistics;

/// <summary>The verdicts of every non-control variant, with the rule and settings that produced them.</summary>
/// <param name="MultipleComparisonRule">The rule applied across variants: <see cref="Holm.RuleName"/>.</param>
/// <param name="PValueKind">Which p-value the verdicts rest on.</param>
/// <param name="Alpha">The family-wise significance level.</param>
/// <param name="Variants">One verdict per variant, in the order given.</param>
public sealed record ExperimentVerdict(string MultipleComparisonRule, PValueKind PValueKind, double Alpha, IReadOnlyList<VariantVerdict> Variants);
