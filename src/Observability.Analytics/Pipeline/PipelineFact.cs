namespace Observability.Analytics.Pipeline;

/// <summary>
/// One task, chain or request event, reduced to what the summaries need (about 48 bytes instead of the JSON).
/// Indexes point into the <see cref="PipelineFacts"/> interners; -1 means absent.
/// </summary>
internal readonly record struct PipelineFact(
    long Ticks,
    FactKind Kind,
    int Entity,
    int Chain,
    int Model,
    int TaskType,
    int Executor,
    double Duration,
    int InputTokens,
    int OutputTokens)
{
    public bool IsTask => Kind <= FactKind.TaskRework;

    public bool IsOutcome => Kind is FactKind.TaskCompleted or FactKind.TaskCompletedUnsuccessfully or FactKind.TaskFailed;

    public bool HasDuration => !double.IsNaN(Duration);
}
