namespace Observability.Review.Findings;

/// <summary>What a finding is about (the finding contract's <c>metadata.subjectType</c>).</summary>
internal static class SubjectTypes
{
    public const string Task = "task";
    public const string Chain = "chain";
    public const string Stage = "stage";
    public const string Model = "model";
    public const string Project = "project";
    public const string Test = "test";
    public const string Run = "run";
    public const string Goal = "goal";
}
