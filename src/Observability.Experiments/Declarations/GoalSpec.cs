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

    /// <summary>Units needed to be done; absent: every unit of the backlog (or, with <see cref="Metric"/>, a rate to reach).</summary>
    public int? TargetCount { get; set; }

    /// <summary>
    /// A rate over the backlog's finished units that the goal is to reach instead of a count: <c>success_rate</c>
    /// (tasks: successful completions over completions and failures) or <c>first_pass_merge_rate</c> (merges: merged
    /// with <c>metadata.attempts</c> = 1 over merged).
    /// </summary>
    public string? Metric { get; set; }

    /// <summary>With <see cref="Metric"/>: the value it must reach, from 0 to 1.</summary>
    public double? AtLeast { get; set; }

    /// <summary>With <see cref="Metric"/>: finished units needed before the rate counts; default 20.</summary>
    public int? MinimumUnits { get; set; }

    /// <summary>Units matching every entry (<c>taskType</c>, <c>project</c>, ...) belong to the backlog too.</summary>
    public Dictionary<string, string>? Filter { get; set; }

    /// <summary>When the goal is due; absent: no due date (never overdue or at risk).</summary>
    public DateTimeOffset? Due { get; set; }
}
