namespace Observability.Learning;

/// <summary>The event types and values the learning system reads and writes.</summary>
public static class LearningNames
{
    /// <summary>A reflection run: its patterns and the playbook it derived, appended by the sidecar.</summary>
    public const string ReflectionRun = "reflection:run";

    /// <summary>Which rules a task was shown and how it ended (<c>POST /api/v1/outcomes</c>).</summary>
    public const string ContextOutcome = "context:outcome";

    /// <summary>A run started by the schedule.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>A run asked for (<c>POST /api/v1/reflect</c>, <c>agentobs reflect</c>).</summary>
    public const string Demand = "demand";

    /// <summary>A rule: what works.</summary>
    public const string Rule = "rule";

    /// <summary>An anti-pattern: what fails.</summary>
    public const string AntiPattern = "anti_pattern";

    /// <summary>The outcome of a task that succeeded.</summary>
    public const string Success = "success";

    /// <summary>The outcome of a task that failed.</summary>
    public const string Failure = "failure";

    /// <summary>The value of a dimension an event does not carry (no stage, no task type).</summary>
    public const string Unknown = "unknown";

    /// <summary>Run triggers, in label order.</summary>
    public static readonly IReadOnlyList<string> Triggers = [Scheduled, Demand];

    /// <summary>Rule kinds, in label order.</summary>
    public static readonly IReadOnlyList<string> Kinds = [Rule, AntiPattern];

    /// <summary>Outcomes, in label order.</summary>
    public static readonly IReadOnlyList<string> Outcomes = [Success, Failure];
}
