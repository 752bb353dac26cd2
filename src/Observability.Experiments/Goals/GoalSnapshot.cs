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
    IReadOnlyList<DateTimeOffset> DoneAt)
{
    /// <summary>Units of the backlog that finished (for a metric goal's rate).</summary>
    public int Finished { get; init; }

    /// <summary>Finished units that count for the rate.</summary>
    public int Succeeded { get; init; }

    /// <summary>When a unit last finished.</summary>
    public DateTimeOffset? LastFinishedAt { get; init; }
}
