using Observability.Review.Findings;
using Observability.Review.State;

namespace Observability.Review.Checks;

/// <summary>A goal as the goals projection answers it now: what the <c>goal_stalled</c> check reads.</summary>
/// <param name="Name">The goal's name.</param>
/// <param name="Status">Its status now (done, on_track, at_risk, stalled, overdue).</param>
/// <param name="LastProgressAt">When a unit was last done, if ever.</param>
/// <param name="OpenCount">Units not yet done.</param>
/// <param name="OpenUnits">The open units it lists (the first 100).</param>
internal sealed record GoalInput(string Name, string Status, DateTimeOffset? LastProgressAt, int OpenCount, IReadOnlyList<string> OpenUnits);

/// <summary>
/// What every check reads (the folded state, the settings, the goals, and "now"), and where it records what holds:
/// every subject and kind that holds is remembered (<see cref="Holding"/>), but a candidate with its summary, figures
/// and evidence is built only when no finding of it is open (<paramref name="IsOpen"/>), since most of a scheduled
/// run's conditions are already open findings.
/// </summary>
/// <param name="State">The folded state.</param>
/// <param name="Options">The thresholds.</param>
/// <param name="Goals">The goals' answers now.</param>
/// <param name="Now">The run's time.</param>
/// <param name="IsOpen">Whether a finding of the key (<see cref="FindingId.Key"/>) is open; null builds every candidate.</param>
internal sealed record ReviewContext(ReviewState State, ReviewOptions Options, IReadOnlyList<GoalInput> Goals, DateTimeOffset Now, Func<string, bool>? IsOpen = null)
{
    public TimeSpan FailureWindow => TimeSpan.FromHours(Options.FailureWindowHours);

    /// <summary>The keys of every subject and kind whose condition holds now.</summary>
    public HashSet<string> Holding { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that the condition holds; builds and adds the candidate when it is the first and none is open.</summary>
    public void Add(List<FindingCandidate> found, FindingKind kind, string subjectType, string subject, Func<FindingCandidate> build)
    {
        var key = FindingId.Key(kind.Name, subjectType, subject);
        if (Holding.Add(key) && IsOpen?.Invoke(key) != true)
        {
            found.Add(build());
        }
    }
}
