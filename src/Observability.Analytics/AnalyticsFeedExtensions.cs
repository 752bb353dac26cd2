using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Analytics;

/// <summary>Reads that skip the catch-up when the open log holds nothing new.</summary>
public static class AnalyticsFeedExtensions
{
    /// <summary>
    /// Runs <paramref name="query"/> under the feed's lock on state that includes every record <paramref name="log"/>
    /// has acknowledged. It catches up only when the log's next sequence is past the feed's. Finding that out by
    /// reading the files instead would mean scanning the last segment up to the feed's position, about 20 ms for
    /// a 64 MiB segment. Without an open log (replay still running) it catches up from the files.
    /// </summary>
    public static T ReadCurrent<T>(this AnalyticsFeed feed, EventLogFile? log, Func<T> query)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Read(query, catchUp: log is null || log.Status.NextSequence > feed.NextSequence);
    }
}
