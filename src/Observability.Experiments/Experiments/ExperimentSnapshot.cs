using Observability.Experiments.Declarations;

namespace Observability.Experiments.Experiments;

/// <summary>One experiment's state at one log position, detached from the projection, for computing its answer.</summary>
/// <param name="Definition">The declaration.</param>
/// <param name="Configured">Declared in configuration rather than by an event.</param>
/// <param name="Arms">Each arm's counts, in declaration order.</param>
/// <param name="AlwaysValidPValues">Each arm's mSPRT p-value against the control on the primary metric (NaN for the control and for amounts).</param>
/// <param name="Undeclared">Units whose dimension value is no declared arm, by value.</param>
/// <param name="UndeclaredOther">Such units beyond the distinct values kept by name.</param>
internal sealed record ExperimentSnapshot(
    Experiment Definition,
    bool Configured,
    IReadOnlyList<ArmSnapshot> Arms,
    IReadOnlyList<double> AlwaysValidPValues,
    IReadOnlyList<KeyValuePair<string, long>> Undeclared,
    long UndeclaredOther);
