namespace Observability.Proposals;

/// <summary>The finding contract's severities, in order: <c>info</c> &lt; <c>warning</c> &lt; <c>critical</c>.</summary>
internal static class Severity
{
    /// <summary>Informational.</summary>
    public const string Info = "info";

    /// <summary>Worth a ticket.</summary>
    public const string Warning = "warning";

    /// <summary>Worth a page.</summary>
    public const string Critical = "critical";

    /// <summary>Every severity, lowest first.</summary>
    public static readonly IReadOnlyList<string> All = [Info, Warning, Critical];

    /// <summary>The rank of <paramref name="severity"/> (0 for info), or -1 when it is not one of <see cref="All"/>.</summary>
    public static int Rank(string? severity) => severity is null ? -1 : IndexOf(severity);

    private static int IndexOf(string severity)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], severity, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
