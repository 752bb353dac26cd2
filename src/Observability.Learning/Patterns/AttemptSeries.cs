namespace Observability.Learning.Patterns;

/// <summary>The finished attempts of one <c>agent_type:task_type</c> still inside the window.</summary>
internal sealed class AttemptSeries(string agentType, string taskType)
{
    public string AgentType { get; } = agentType;

    public string TaskType { get; } = taskType;

    public string Key => AgentType + ":" + TaskType;

    public WindowList<AttemptRecord> Attempts { get; } = new();
}
