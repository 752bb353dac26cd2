namespace Observability.Experiments.Declarations;

/// <summary>
/// A goal as declared, by API (<c>POST /api/v1/goals</c>, stored as a <c>goal:declared</c> event) or in configuration
/// (<c>Experiments:Goals</c>). Its backlog is the units whose events carry <c>metadata.goal</c> = its name, and, when a
/// filter is given, the units whose events match it.
/// </summary>
public sealed class GoalSpec
{
    /// <summary>Unique name: lowercase letters, digits, <c>_</c> and <c>-</c>, at most 64 characters (it is a label value).</summary>
    public string? Name { get; set; }

    /// <summary>What is counted: <c>tasks</c> (done on a successful <c>task:completed</c>) or <c>merges</c> (done on <c>workitem:merged</c>); default tasks.</summary>
    public string? Units { get; set; }

    /// <summary>Units needed to be done; absent: every unit of the backlog.</summary>
    public int? TargetCount { get; set; }

    /// <summary>Units matching every entry (<c>taskType</c>, <c>project</c>, ...) belong to the backlog too.</summary>
    public Dictionary<string, string>? Filter { get; set; }

    /// <summary>When the goal is due; absent: no due date (never overdue or at risk).</summary>
    public DateTimeOffset? Due { get; set; }
}
