namespace Observability.Learning.Patterns;

/// <summary>
/// The records of one pattern key still inside the window: failures of a <c>stage:failure_type</c>
/// (<see cref="First"/> the stage, <see cref="Second"/> the failure type) or finished attempts of an
/// <c>agent_type:task_type</c> (the agent type, the task type).
/// </summary>
internal sealed class PatternSeries<T>(string first, string second)
{
    public string First { get; } = first;

    public string Second { get; } = second;

    public WindowList<T> Records { get; } = new();
}
