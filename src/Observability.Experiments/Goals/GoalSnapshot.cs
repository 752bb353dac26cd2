using Observability.Experiments.Declarations;

namespace Observability.Experiments.Goals;

/// <summary>One goal's state at one log position, detached from the projection.</summary>
internal sealed record GoalSnapshot(
    Goal Definition,
    bool Configured,
    DateTimeOffset? DeclaredAt,
    DateTimeOffset? FirstSeen,
    int Known,
    int Done,
    IReadOnlyList<string> OpenUnits,
    int OpenCount,
    IReadOnlyList<DateTimeOffset> DoneAt);
