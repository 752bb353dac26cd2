namespace Observability.Analytics;

/// <summary>
/// Which events a query looks at, by their timestamp: <see cref="From"/> and <see cref="To"/> bound the window
/// (both inclusive), <see cref="At"/> reconstructs the state as it was then (only events stamped at or before it
/// exist). Null bounds are open.
/// </summary>
/// <param name="From">Earliest timestamp counted, inclusive.</param>
/// <param name="To">Latest timestamp counted, inclusive.</param>
/// <param name="At">The moment to reconstruct; events after it are ignored altogether.</param>
public readonly record struct TimeScope(DateTimeOffset? From = null, DateTimeOffset? To = null, DateTimeOffset? At = null)
{
    /// <summary>Everything in the log.</summary>
    public static TimeScope All => default;

    /// <summary>The last <paramref name="length"/> up to <paramref name="now"/>; everything (even events stamped later) when null.</summary>
    public static TimeScope Last(TimeSpan? length, DateTimeOffset now) => length is { } l ? new(now - l, now) : All;

    /// <summary>UTC ticks of the latest event that exists for the query (the earlier of <see cref="To"/> and <see cref="At"/>).</summary>
    public long UpperTicks => Math.Min(To?.UtcTicks ?? long.MaxValue, At?.UtcTicks ?? long.MaxValue);

    /// <summary>UTC ticks of the earliest event counted.</summary>
    public long LowerTicks => From?.UtcTicks ?? long.MinValue;

    /// <summary>Whether an event stamped at <paramref name="utcTicks"/> is counted.</summary>
    public bool Contains(long utcTicks) => utcTicks >= LowerTicks && utcTicks <= UpperTicks;
}
