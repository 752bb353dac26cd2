using Observability.Projections;

namespace Observability.Sidecar.Reactions;

/// <summary>Every reaction the sidecar runs: the threshold crossings, then one per webhook receiver.</summary>
/// <param name="All">The reactions.</param>
internal sealed record ReactionSet(IReadOnlyList<IReaction> All);
