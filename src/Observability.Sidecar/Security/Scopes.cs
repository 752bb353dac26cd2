namespace Observability.Sidecar.Security;

/// <summary>The scopes a token can carry; each is also the name of the authorization policy that requires it.</summary>
internal static class Scopes
{
    /// <summary>Every write: events, run records, outcomes, OTLP, CloudEvents.</summary>
    public const string Ingest = "ingest";

    /// <summary>Analytics, events and the CLI's reads.</summary>
    public const string Read = "read";

    /// <summary>Refresh, compaction, review and reflection runs, decisions on proposals, declaring experiments and goals.</summary>
    public const string Admin = "admin";

    /// <summary>Scraping <c>/metrics</c> when <c>Auth:RequireMetricsToken</c> is on.</summary>
    public const string Metrics = "metrics";

    /// <summary>The claim type a token's scopes are recorded under.</summary>
    public const string ClaimType = "scope";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin, Metrics];
}
