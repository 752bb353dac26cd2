namespace Observability.Statistics;

/// <summary>Which p-value a verdict rests on.</summary>
public enum PValueKind
{
    /// <summary>
    /// The fixed-horizon p-value (Boschloo's exact or the score test; Welch's for durations): valid when the
    /// experiment is read once, at its declared end or a sample size fixed in advance.
    /// </summary>
    FixedHorizon,

    /// <summary>The mSPRT always-valid p-value: valid however often the experiment is looked at while it runs.</summary>
    AlwaysValid,
}
