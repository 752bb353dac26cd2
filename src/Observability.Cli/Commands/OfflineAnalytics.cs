using System.Text.Json;
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
    // appsettings.json spells sections in PascalCase; Web defaults match them case-insensitively.
    private static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web);

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

    /// <summary>The <c>Analytics</c> section (the price table) of a sidecar settings file; defaults without one.</summary>
    public static AnalyticsOptions ReadOptions(FileInfo? file)
    {
        if (file is null)
        {
            return new AnalyticsOptions();
        }

        using var document = JsonDocument.Parse(
            File.ReadAllText(file.FullName), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var options = document.RootElement.TryGetProperty(AnalyticsOptions.Section, out var section)
            ? section.Deserialize<AnalyticsOptions>(SettingsJson) ?? new AnalyticsOptions()
            : new AnalyticsOptions();
        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new ArgumentException(string.Join(" ", failures));
    }
}
