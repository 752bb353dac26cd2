namespace Observability.Experiments.Declarations;

/// <summary>What an experiment can compare.</summary>
public enum ExperimentMetric
{
    /// <summary>Completed over finished (tasks: <c>task:completed</c> unless <c>success</c> is false; runs: COMPLETED).</summary>
    SuccessRate,

    /// <summary>Merges in one attempt over merges.</summary>
    FirstPassMergeRate,

    /// <summary>Units reworked (a <c>task:rework</c> before the task finished; a run with <c>reworkCycles</c> &gt; 0; a merge after more than one attempt).</summary>
    ReworkRate,

    /// <summary>Tasks with a <c>human:intervention</c> on them before they finished.</summary>
    HumanInterventionRate,

    /// <summary>Cycle time in seconds (<c>metadata.durationSeconds</c>, else from the start event).</summary>
    Duration,

    /// <summary>Cost in US dollars per unit (<c>metadata.costUsd</c>).</summary>
    Cost,

    /// <summary>Tokens per unit (<c>agent.tokens</c> input plus output).</summary>
    Tokens,
}
