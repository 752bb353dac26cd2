namespace Observability.Experiments.Declarations;

/// <summary>The rates a goal can target, each over the goal's own backlog.</summary>
public static class GoalMetrics
{
    /// <summary>Tasks: successful <c>task:completed</c> over <c>task:completed</c> and <c>task:failed</c>.</summary>
    public const string SuccessRate = "success_rate";

    /// <summary>Merges: <c>workitem:merged</c> with <c>metadata.attempts</c> = 1 over <c>workitem:merged</c>.</summary>
    public const string FirstPassMergeRate = "first_pass_merge_rate";

    /// <summary>Finished units a rate needs before it counts, unless the declaration says otherwise.</summary>
    public const int DefaultMinimumUnits = 20;

    /// <summary>The kind of unit <paramref name="metric"/> is measured on, or null for an unknown metric.</summary>
    public static UnitKind? UnitsOf(string metric) => metric switch
    {
        SuccessRate => UnitKind.Tasks,
        FirstPassMergeRate => UnitKind.Merges,
        _ => null,
    };
}
