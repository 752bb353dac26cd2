namespace Observability.Review.Findings;

/// <summary>Finding severities, ordered: info &lt; warning &lt; critical (critical pages, see the AgentObsCriticalFinding alert).</summary>
internal static class Severities
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    /// <summary>Every severity, lowest first.</summary>
    public static readonly IReadOnlyList<string> All = [Info, Warning, Critical];

    /// <summary>The order of <paramref name="severity"/> (0 for info), or -1 when it is not one.</summary>
    public static int Rank(string? severity) => severity is null ? -1 : All.ToList().IndexOf(severity);
}
