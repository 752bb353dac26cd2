namespace Observability.Ingestion.Mapping;

/// <summary>Values the sidecar derives per event, addressed in mapping files as <c>derived.name</c>.</summary>
internal enum DerivedField
{
    /// <summary>The explicit <c>metadata.durationSeconds</c>, or the time since the matching start event.</summary>
    DurationSeconds,

    /// <summary>Task outcome: false for <c>task:failed</c> and <c>task:completed</c> with success false, else true.</summary>
    Success,

    /// <summary>For merges: whether <c>metadata.attempts</c> is 1.</summary>
    FirstPass,

    /// <summary>Input plus output tokens.</summary>
    TokensTotal,

    /// <summary>The agent type: <c>metadata.agentType</c>, else <c>agent.role</c>, else unknown.</summary>
    AgentType,

    /// <summary>For defects: seconds from <c>metadata.introducedAt</c> to detection (MTTD).</summary>
    DetectionSeconds,

    /// <summary>For merges: whether the final verdict before merging was a rebase conflict.</summary>
    RebaseConflict,

    /// <summary>
    /// For merges: whether this is the work item's first merge (same <c>entityId</c> and <c>metadata.project</c>); a later
    /// one under another id is a repeat, which the rolling merge windows contract's rates and the merge metrics leave out.
    /// </summary>
    FirstMerge,

    /// <summary>
    /// For agents' counter points (<c>agent:usage</c>): the increment, whatever the temporality (a cumulative point's
    /// value less the series' previous one; the whole value after a restart or reset; 0 for a point no later than the last).
    /// </summary>
    UsageDelta,

    /// <summary>For <c>agent:usage</c>: whether the point showed the agent restarted (new start time) or its count reset (lower value).</summary>
    UsageReset,
}
