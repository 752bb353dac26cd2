namespace Observability.Statistics;

/// <summary>
/// The Bayesian view of a rate comparison with uniform Beta(1, 1) priors, so each arm's rate has the posterior
/// Beta(successes + 1, failures + 1). <see cref="ProbabilityVariantBeatsControl"/> is the posterior probability that the
/// variant's true rate is above the control's (for a rate where lower is better, read it the other way round);
/// <see cref="ExpectedLossOfChoosingVariant"/> is what choosing the variant costs on average if it is in fact worse:
/// E[max(p_control − p_variant, 0)], in rate units (0.002 = 0.2 percentage points). Ship when the probability is high
/// and the loss is below what you would shrug off. With an empty arm the prior alone speaks (both empty: 0.5 and 1/6).
/// </summary>
/// <param name="ProbabilityVariantBeatsControl">P(p_variant &gt; p_control | data).</param>
/// <param name="ExpectedLossOfChoosingVariant">E[max(p_control − p_variant, 0) | data].</param>
public sealed record BayesianReadout(double ProbabilityVariantBeatsControl, double ExpectedLossOfChoosingVariant);
