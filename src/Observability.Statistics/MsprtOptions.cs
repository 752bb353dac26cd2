namespace Observability.Statistics;

/// <summary>The two settings of the mSPRT always-valid p-value (<see cref="Msprt"/>).</summary>
public sealed record MsprtOptions
{
    /// <summary>
    /// Default τ² = 0.01: the mixing distribution N(0, τ²) puts the effects it looks for around ±τ = ±10 percentage
    /// points, the size of change a new prompt, skill or model typically makes to a task success rate, and the
    /// effects that experiments of a few hundred units can detect. Smaller τ² finds small effects sooner but large
    /// ones later; the guarantee (at most α false positives however often you look) holds for every τ².
    /// </summary>
    public const double DefaultMixingVariance = 0.01;

    /// <summary>
    /// Default burn-in: the p-value starts moving once both arms have 20 units (the experiments' default minimum
    /// sample), because the plug-in variance of a handful of units can be 0 or wildly small. Starting later never
    /// breaks the guarantee; it only ignores the first units.
    /// </summary>
    public const int DefaultBurnInPerArm = 20;

    /// <summary>τ², the variance of the normal mixing distribution over the difference in rates.</summary>
    public double MixingVariance { get; init; } = DefaultMixingVariance;

    /// <summary>Units each arm needs before the likelihood ratio is evaluated.</summary>
    public int BurnInPerArm { get; init; } = DefaultBurnInPerArm;

    /// <summary>The defaults.</summary>
    public static MsprtOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range; hosts call it at start.</summary>
    /// <exception cref="ArgumentOutOfRangeException">τ² is not a positive finite number, or the burn-in is below 1.</exception>
    public void Validate()
    {
        if (!double.IsFinite(MixingVariance) || MixingVariance <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MixingVariance), MixingVariance, "τ² is a positive finite number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BurnInPerArm, 1, nameof(BurnInPerArm));
    }
}
