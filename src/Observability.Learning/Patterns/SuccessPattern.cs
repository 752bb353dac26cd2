namespace Observability.Learning.Patterns;

/// <summary>
/// The finished attempts of one <c>agent_type:task_type</c> in the trailing window, the learning system's success
/// pattern.
/// </summary>
/// <param name="PatternId"><c>p-</c> and 12 hex characters of the hash of <c>success\nagent_type\ntask_type</c>.</param>
/// <param name="Approach"><c>agent_type_task_type</c>, as the learning system names it.</param>
/// <param name="AgentType">The agent type.</param>
/// <param name="TaskType">The task type.</param>
/// <param name="Attempts">Attempts finished in the window (completed or failed).</param>
/// <param name="Successes">Those that completed successfully.</param>
/// <param name="SuccessRate"><see cref="Successes"/> / <see cref="Attempts"/>.</param>
/// <param name="AvgTimeToCompleteSeconds">The mean duration of the successes that have one; null when none has.</param>
/// <param name="LastAttempt">The newest attempt.</param>
/// <param name="Recommended">At least <c>Learning:MinProven</c> successes at a rate of at least <c>Learning:RecommendAtRate</c>.</param>
public sealed record SuccessPattern(
    string PatternId,
    string Approach,
    string AgentType,
    string TaskType,
    int Attempts,
    int Successes,
    double SuccessRate,
    double? AvgTimeToCompleteSeconds,
    DateTimeOffset LastAttempt,
    bool Recommended);
