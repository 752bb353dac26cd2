namespace Observability.Experiments.Goals;

/// <summary>A goal's status names, in the order they are decided.</summary>
public static class GoalStatus
{
    /// <summary>Done: at least the target (or every unit of the backlog) is done.</summary>
    public const string Done = "done";

    /// <summary>Past its due date and not done.</summary>
    public const string Overdue = "overdue";

    /// <summary>No unit done for the configured time (<c>Experiments:StalledAfterHours</c>).</summary>
    public const string Stalled = "stalled";

    /// <summary>Due, and the forecast is after the due date or there is no throughput to forecast from.</summary>
    public const string AtRisk = "at_risk";

    /// <summary>None of the above.</summary>
    public const string OnTrack = "on_track";

    /// <summary>Every status, for gauges that exist at 0 from the first scrape.</summary>
    public static readonly IReadOnlyList<string> All = [Done, OnTrack, AtRisk, Stalled, Overdue];
}
