namespace Observability.Statistics;

/// <summary>
/// The sample-ratio-mismatch check's answer: Pearson's chi-square goodness-of-fit of the arms' unit counts against
/// the split the declared weights promise. A tiny <see cref="PValue"/> means the assignment or the counting is broken
/// (units lost in one arm, a sticky-assignment bug, a filter that drops one variant's events), and then no
/// comparison of the arms can be trusted, however significant it looks.
/// </summary>
/// <param name="ChiSquare">Σ (observed − expected)² / expected over the arms.</param>
/// <param name="DegreesOfFreedom">Arms minus one.</param>
/// <param name="PValue">P(χ² ≥ statistic); NaN when there are no units or fewer than two arms.</param>
/// <param name="Mismatch">True when <paramref name="PValue"/> is below <see cref="SampleRatio.Threshold"/>.</param>
public sealed record SampleRatioCheck(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch);
