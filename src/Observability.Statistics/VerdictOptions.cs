namespace Observability.Statistics;

/// <summary>The settings of <see cref="Verdicts.Decide"/>.</summary>
public sealed record VerdictOptions
{
    /// <summary>Default significance level: 0.05.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Default minimum sample per arm: 20 units; below it no test has power worth reporting and intervals are wide.</summary>
    public const int DefaultMinimumSamplePerArm = 20;

    /// <summary>The family-wise significance level, 0 &lt; α &lt; 1.</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>Units the control and the variant each need before a verdict other than insufficient_data.</summary>
    public int MinimumSamplePerArm { get; init; } = DefaultMinimumSamplePerArm;

    /// <summary>
    /// True when a higher value of the metric is better (success rate, first-pass merge rate); false when lower is
    /// better (rework rate, human intervention rate, duration, cost).
    /// </summary>
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>The defaults (α 0.05, 20 units per arm, higher is better).</summary>
    public static VerdictOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range; hosts call it at start.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α is not strictly between 0 and 1, or the minimum sample is below 1.</exception>
    public void Validate()
    {
        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "α is strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSamplePerArm, 1, nameof(MinimumSamplePerArm));
    }
}
