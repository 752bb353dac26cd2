using Observability.Analytics;
using Observability.Analytics.Pipeline;
using Observability.Analytics.Runs;
using Observability.Analytics.Windows;
using Observability.Ingestion;
using Observability.Metrics;
using Observability.Projections;
using Observability.Projections.Compaction;

namespace Observability.Cli.Commands;

/// <summary>
/// The <c>--data-dir</c> side of <c>summary</c>, <c>scoreboard</c> and <c>metrics</c>: the sidecar's projection host, with
/// the same views and duplicate index, over the log on disk read-only (safe next to a running sidecar), giving the
/// answers its endpoints give.
/// </summary>
internal sealed class OfflineAnalytics : IDisposable
{
    private readonly ProjectionHost _host;
    private readonly PipelineQueries _queries;
    private readonly RunRecordView _runs;
    private readonly MergeWindowsView _windows;

    private OfflineAnalytics(string eventsDirectory, AnalyticsOptions analytics, WindowsOptions windows)
    {
        var facts = new PipelineFacts();
        _queries = new PipelineQueries(facts, analytics);
        _runs = new RunRecordView(analytics);
        _windows = new MergeWindowsView(windows);
        _host = new ProjectionHost(
            [facts, _runs, _windows, new StoredCrossingsView()],
            new ProjectionHostOptions { Duplicates = new IngestionWriter(new MetricRegistry()).Duplicates, ArchiveDirectory = CompactionLayout.ArchiveBeside(eventsDirectory) });
        _host.ReadAll(eventsDirectory);
    }

    /// <inheritdoc />
    public void Dispose() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Folds the whole log in <paramref name="eventsDirectory"/>.</summary>
    public static OfflineAnalytics Read(string eventsDirectory, AnalyticsOptions? analytics = null, WindowsOptions? windows = null) =>
        new(eventsDirectory, analytics ?? new AnalyticsOptions(), windows ?? new WindowsOptions());

    /// <summary>ADR-009's aggregate over <paramref name="scope"/>, shaped like <c>GET /api/v1/summary</c>.</summary>
    public static object Summary(string eventsDirectory, TimeScope scope, DateTimeOffset now)
    {
        using var offline = Read(eventsDirectory);
        return SummaryAnswer.Of(offline._host.Read(() => offline._queries.Summary(scope)), scope, now);
    }

    /// <summary>The WS-METRICS scoreboard for <paramref name="window"/>, shaped like <c>GET /api/v1/metrics/scoreboard</c>.</summary>
    public static object Scoreboard(string eventsDirectory, string window, AnalyticsOptions options, DateTimeOffset now)
    {
        if (!ReportWindow.TryParse(window, out var length))
        {
            throw new ArgumentException($"--window: '{window}' is not one of {string.Join(", ", ReportWindow.Names)}.");
        }

        using var offline = Read(eventsDirectory, options);
        return offline._host.Read(() => offline._runs.Scoreboard(window, TimeScope.Last(length, now)));
    }

    /// <summary>The rolling merge windows, shaped like <c>GET /api/v1/windows</c>.</summary>
    public static WindowsSnapshot Windows(string eventsDirectory, WindowsOptions options, int maxKeys = AnalyticsOptions.DefaultMaxKeys)
    {
        using var offline = Read(eventsDirectory, windows: options);
        return offline._host.Read(() => offline._windows.Snapshot(maxKeys));
    }
}
