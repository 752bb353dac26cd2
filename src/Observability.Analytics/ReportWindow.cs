namespace Observability.Analytics;

/// <summary>The WS-METRICS contract's named windows: <c>24h</c>, <c>7d</c>, <c>30d</c>, <c>90d</c> and <c>all</c>.</summary>
public static class ReportWindow
{
    /// <summary>The window used when none is asked for (the WS-METRICS contract's scoreboard default).</summary>
    public const string Default = "7d";

    /// <summary>Every accepted name, in increasing length.</summary>
    public static readonly IReadOnlyList<string> Names = ["24h", "7d", "30d", "90d", "all"];

    /// <summary>Parses a window name; <paramref name="length"/> is null for <c>all</c>. False for anything else.</summary>
    public static bool TryParse(string? name, out TimeSpan? length)
    {
        length = name switch
        {
            "24h" => TimeSpan.FromHours(24),
            "7d" => TimeSpan.FromDays(7),
            "30d" => TimeSpan.FromDays(30),
            "90d" => TimeSpan.FromDays(90),
            _ => null,
        };
        return length is not null || name == "all";
    }
}
