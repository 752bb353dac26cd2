namespace Observability.Learning.Patterns;

/// <summary>The failures of one <c>stage:failure_type</c> still inside the window.</summary>
internal sealed class FailureSeries(string stage, string failureType)
{
    public string Stage { get; } = stage;

    public string FailureType { get; } = failureType;

    public string Key => Stage + ":" + FailureType;

    public WindowList<FailureRecord> Failures { get; } = new();
}
