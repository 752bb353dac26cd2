using Observability.Review.State;

namespace Observability.Review.Checks;

/// <summary>A goal as the goals projection answers it now: what the <c>goal_stalled</c> check reads.</summary>
/// <param name="Name">The goal's name.</param>
/// <param name="Status">Its status now (done, on_track, at_risk, stalled, overdue).</param>
/// <param name="LastProgressAt">When a unit was last done, if ever.</param>
/// <param name="OpenCount">Units not yet done.</param>
/// <param name="OpenUnits">The open units it lists (the first 100).</param>
internal sealed record GoalInput(string Name, string Status, DateTimeOffset? LastProgressAt, int OpenCount, IReadOnlyList<string> OpenUnits);

/// <summary>What every check reads: the folded state, the settings, the goals, and "now".</summary>
internal sealed record ReviewContext(ReviewState State, ReviewOptions Options, IReadOnlyList<GoalInput> Goals, DateTimeOffset Now)
{
    public TimeSpan FailureWindow => TimeSpan.FromHours(Options.FailureWindowHours);
}
