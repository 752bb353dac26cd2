using System.CommandLine;
using Observability.Analytics;

namespace Observability.Cli.Commands;

/// <summary><c>agentobs scoreboard --window 7d</c>: the WS-METRICS contract's scoreboard from <c>GET /api/v1/metrics/scoreboard</c>.</summary>
internal static class ScoreboardCommand
{
    public static Command Create()
    {
        var window = new Option<string>("--window") { Description = "The time window.", DefaultValueFactory = _ => "7d" };
        window.AcceptOnlyFromAmong("24h", "7d", "30d", "90d", "all");
        var settings = new Option<FileInfo?>("--settings")
        {
            Description = "With --data-dir: the sidecar's appsettings.json, whose Analytics:Prices table prices the tokens; none otherwise.",
        };
        var command = new Command("scoreboard", "The WS-METRICS contract scoreboard: runs, success rate, durations, first-pass verify rate, cost (GET /api/v1/metrics/scoreboard).")
        {
            window, settings,
        };
        command.SetAction((parse, cancellationToken) =>
            ApiRead.RunAsync(
                parse,
                "scoreboard",
                $"api/v1/metrics/scoreboard?window={Uri.EscapeDataString(parse.GetValue(window)!)}",
                events => OfflineAnalytics.Scoreboard(
                    events, parse.GetValue(window)!, SettingsFile.ReadSection<AnalyticsOptions>(parse.GetValue(settings), AnalyticsOptions.Section, o => o.Validate()), TimeProvider.System.GetUtcNow()),
                ScoreboardTable.Write,
                cancellationToken));
        return command;
    }
}
