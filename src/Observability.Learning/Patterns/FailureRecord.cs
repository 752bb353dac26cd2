namespace Observability.Learning.Patterns;

/// <summary>One task failure of a <c>stage:failure_type</c>, and when its task later completed successfully, if it did.</summary>
/// <param name="TaskId">The task that failed.</param>
/// <param name="AtTicks">When it failed (UTC ticks).</param>
/// <param name="ResolvedAtTicks">When its task then completed successfully (UTC ticks); 0 while it has not.</param>
internal readonly record struct FailureRecord(string TaskId, long AtTicks, long ResolvedAtTicks);
