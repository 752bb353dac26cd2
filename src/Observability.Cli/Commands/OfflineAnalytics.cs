using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;

namespace Observability.Cli.Commands;

/// <summary>
/// The <c>--data-dir</c> side of <c>summary</c> and <c>scoreboard</c>: the same views the sidecar keeps, folded over
/// the log on disk (read-only, so safe next to a running sidecar), giving the answers its endpoints give.
/// </summary>
internal static class OfflineAnalytics
{
    /// <summary>Seed 000's aggregate over the whole log, shaped like <c>GET /api/v1/summary</c>.</summary>
    public static object Summary(string eventsDirectory, DateTimeOffset now)
    {
        var facts = new PipelineFacts();
        var queries = new PipelineQueries(facts);
        var feed = new AnalyticsFeed(eventsDirectory, [facts]);
        return SummaryAnswer.Of(feed.Read(() => queries.Summary(TimeScope.All)), TimeScope.All, now);
    }

    /// <summary>Seed 002's scoreboard for <paramref name="window"/>, shaped like <c>GET /api/v1/metrics/scoreboard</c>.</summary>
    public static object Scoreboard(string eventsDirectory, string window, AnalyticsOptions options, DateTimeOffset now)
    {
        if (!ReportWindow.TryParse(window, out var length))
        {
            throw new ArgumentException($"--window: '{window}' is not one of {string.Join(", ", ReportWindow.Names)}.");
        }

        var runs = new RunRecordView(options);
        var feed = new AnalyticsFeed(eventsDirectory, [runs]);
        return feed.Read(() => runs.Scoreboard(window, TimeScope.Last(length, now)));
    }
}
