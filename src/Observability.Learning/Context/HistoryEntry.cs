namespace Observability.Learning.Context;

/// <summary>One finished task attempt, as a history snippet shows it.</summary>
internal sealed record HistoryEntry(
    string TaskId,
    string? Title,
    string TaskType,
    string AgentType,
    string Stage,
    string? Model,
    bool Success,
    string? FailureType,
    double? DurationSeconds,
    int Attempts,
    DateTimeOffset FinishedAt);
