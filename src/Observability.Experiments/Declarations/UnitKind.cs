namespace Observability.Experiments.Declarations;

/// <summary>What an experiment or goal counts.</summary>
public enum UnitKind
{
    /// <summary>Tasks: a unit finishes with <c>task:completed</c> or <c>task:failed</c> (entityId is the unit).</summary>
    Tasks,

    /// <summary>Work-statement runs: a unit finishes with a <c>ws:execution</c> of status COMPLETED, FAILED or HARD_STOP.</summary>
    Runs,

    /// <summary>Merges: a unit finishes with <c>workitem:merged</c>.</summary>
    Merges,
}
