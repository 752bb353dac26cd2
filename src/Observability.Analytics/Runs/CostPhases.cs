namespace Observability.Analytics.Runs;

/// <summary>How cost per phase names usage that names no phase.</summary>
public static class CostPhases
{
    /// <summary>The phase key of calls without <c>metadata.phase</c> and of runs' own reported totals.</summary>
    public const string Unknown = "unknown";
}
