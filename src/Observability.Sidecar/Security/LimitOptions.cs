namespace Observability.Sidecar.Security;

/// <summary><c>Limits</c>: request and event rates, per token and per address of callers without one; daily event quotas per token.</summary>
internal sealed class LimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Limits";

    /// <summary>Requests per second per token (or per address without one); 0, the default, is unlimited.</summary>
    public int RequestsPerSecond { get; set; }

    /// <summary>How many requests a caller may make at once after a quiet spell; 0 means twice the rate.</summary>
    public int Burst { get; set; }

    /// <summary>
    /// Events per second per token (or per address without one), counted by the events a write request carries; 0, the
    /// default, is unlimited. A token's own <c>EventsPerSecond</c> overrides it.
    /// </summary>
    public int EventsPerSecond { get; set; }

    /// <summary>
    /// How many events a caller may send at once after a quiet spell; 0 means twice the events per second. A request
    /// carrying more events than this can never pass and is answered 413.
    /// </summary>
    public int EventsBurst { get; set; }

    /// <summary>Events each token may store per UTC day; 0, the default, is unlimited. A token's own <c>EventsPerDay</c> overrides it.</summary>
    public long EventsPerDay { get; set; }
}
