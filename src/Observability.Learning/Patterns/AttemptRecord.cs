namespace Observability.Learning.Patterns;

/// <summary>One finished attempt of an <c>agent_type:task_type</c>.</summary>
/// <param name="AtTicks">When it finished (UTC ticks).</param>
/// <param name="Success">Whether it succeeded.</param>
/// <param name="DurationSeconds">How long it took; NaN when neither the event nor a start says.</param>
internal readonly record struct AttemptRecord(long AtTicks, bool Success, double DurationSeconds);
