namespace Observability.Statistics;

/// <summary>
/// The always-valid p-value for the difference of two rates: the mixture sequential probability ratio test (mSPRT)
/// of Johari, Pekelis and Walsh, "Always Valid Inference: Continuous Monitoring of A/B Tests" (Operations Research,
/// 2022), with a normal mixing distribution N(0, τ²) over the difference θ = p_v − p_c.
/// </summary>
/// <remarks>
/// <para>What it is for. A fixed-horizon p-value (Boschloo, the score test) is valid only if you look once, at a
/// sample size chosen in advance; looking every day and stopping at the first p &lt; 0.05 makes false positives
/// several times likelier than 5 %. This p-value may be looked at after every unit: the chance that it ever drops
/// below α while the arms are in truth equal is at most α.</para>
/// <para>The formula. With d = p̂_v − p̂_c and its plug-in variance v = p̂_v(1 − p̂_v)/n_v + p̂_c(1 − p̂_c)/n_c, d is
/// treated as normal (the central limit theorem) and Λ = √(v / (v + τ²)) · exp(τ² d² / (2 v (v + τ²))), the likelihood
/// of d averaged over θ ~ N(0, τ²) over its likelihood at θ = 0. With equal arms of n this is the paper's
/// Λₙ = √(Vₙ / (Vₙ + nτ²)) · exp(n² τ² d² / (2 Vₙ (Vₙ + nτ²))), Vₙ = p̂_v(1 − p̂_v) + p̂_c(1 − p̂_c); the form in v
/// extends it to unequal arms. The always-valid p-value is the running minimum of min(1, 1/Λ) over every unit at
/// which both arms have at least the burn-in and v &gt; 0.</para>
/// <para>Assumptions. Units are independent and their outcomes arrive in any order not chosen by looking at them; the
/// normal approximation of d (so very small arms are held back by the burn-in). The price of looking freely is power:
/// for the same data it is larger than the fixed-horizon p-value.</para>
/// </remarks>
public static class Msprt
{
    /// <summary>
    /// Folds one unit's outcome into <paramref name="state"/>. O(1); allocation-free. The options are not checked here
    /// (this runs once per event): hosts call <see cref="MsprtOptions.Validate"/> at start.
    /// </summary>
    public static MsprtState Observe(MsprtState state, bool isVariant, bool success, MsprtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var control = state.Control;
        var variant = state.Variant;
        if (isVariant)
        {
            variant = new ArmCounts(variant.N + 1, variant.Successes + (success ? 1 : 0));
        }
        else
        {
            control = new ArmCounts(control.N + 1, control.Successes + (success ? 1 : 0));
        }

        var p = state.PValue;
        if (control.N >= options.BurnInPerArm && variant.N >= options.BurnInPerArm)
        {
            var logLambda = LogLikelihoodRatio(control, variant, options.MixingVariance);
            if (!double.IsNaN(logLambda))
            {
                p = Math.Min(p, Math.Min(1, Math.Exp(-logLambda)));
            }
        }

        return new MsprtState(control, variant, p);
    }

    /// <summary>
    /// ln Λ for the counts so far (see the remarks); NaN when an arm is empty or the plug-in variance is 0 (every unit
    /// in both arms succeeded, or none did: no evidence either way).
    /// </summary>
    public static double LogLikelihoodRatio(ArmCounts control, ArmCounts variant, double mixingVariance)
    {
        if (control.N == 0 || variant.N == 0)
        {
            return double.NaN;
        }

        var pc = control.Rate;
        var pv = variant.Rate;
        var v = (pv * (1 - pv) / variant.N) + (pc * (1 - pc) / control.N);
        if (!(v > 0))
        {
            return double.NaN;
        }

        var d = pv - pc;
        return (0.5 * Math.Log(v / (v + mixingVariance))) + (mixingVariance * d * d / (2 * v * (v + mixingVariance)));
    }
}
