namespace Observability.Statistics;

/// <summary>
/// The running state of one variant-against-control mSPRT: both arms' counts so far and the always-valid p-value
/// (the running minimum of 1/Λ). It is a value: a projection keeps it, snapshots it and folds each new unit into it
/// with <see cref="Msprt.Observe"/>; replaying the same units in the same order gives the same state.
/// </summary>
/// <param name="Control">The control arm's counts so far.</param>
/// <param name="Variant">The variant arm's counts so far.</param>
/// <param name="PValue">The always-valid p-value so far; 1 before there is any evidence.</param>
public readonly record struct MsprtState(ArmCounts Control, ArmCounts Variant, double PValue)
{
    /// <summary>No units yet: p-value 1.</summary>
    public static MsprtState Start { get; } = new(default, default, 1);
}
