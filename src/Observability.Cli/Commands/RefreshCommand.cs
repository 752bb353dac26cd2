using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Observability.Analytics;
using Observability.Analytics.Windows;
using Observability.Experiments;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs refresh</c>: ADR-009's <c>metrics:refresh</c>, every derived view rebuilt from the log and the snapshot
/// discarded; the way out after a mapping change. With <c>--data-dir</c> offline (refused while a sidecar holds the
/// directory). Reports how long it took.
/// </summary>
internal static class RefreshCommand
{
    public static Command Create()
    {
        var settings = new Option<FileInfo?>("--settings")
        {
            Description = "With --data-dir: the sidecar's appsettings.json, whose Analytics, Windows and Experiments sections the views are folded with.",
        };
        var command = new Command(
            "refresh",
            "Rebuild every derived view from the log and discard the state snapshot (ADR-009's metrics:refresh), offline with --data-dir (no sidecar may be running on it).")
        {
            settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            // TODO: a running sidecar's refresh (POST /api/v1/admin/refresh) needs every projection to be able to reset
            // its state in place (the metric registry's series included); until then it is offline only.
            const string Needs = "needs --data-dir: stop the sidecar, refresh its data directory, start it again (a running sidecar cannot refresh itself yet).";
            if (!OfflineDataDirectory.TryGet(parse, "refresh", Needs, out var dataDir, out var events, out var exitCode))
            {
                return exitCode;
            }

            AnalyticsOptions analytics;
            WindowsOptions windows;
            ExperimentsOptions experiments;
            try
            {
                var file = parse.GetValue(settings);
                analytics = SettingsFile.ReadSection<AnalyticsOptions>(file, AnalyticsOptions.Section, o => o.Validate());
                windows = SettingsFile.ReadSection<WindowsOptions>(file, WindowsOptions.Section, o => o.Validate());
                experiments = SettingsFile.ReadSection<ExperimentsOptions>(file, ExperimentsOptions.Section, o => o.Validate());
            }
            catch (Exception e) when (e is IOException or JsonException or ArgumentException)
            {
                await error.WriteLineAsync($"agentobs refresh: --settings: {e.Message}");
                return ExitCodes.Usage;
            }

            using var held = DataDirectoryLock.TryAcquire(events, out var problem);
            if (held is null)
            {
                await error.WriteLineAsync($"agentobs refresh: {problem}");
                return ExitCodes.Failed;
            }

            var answer = await CliProgress.RunAsync(parse, "refresh", "records", null, progress =>
                Task.FromResult(OfflineRefresh.Run(dataDir.FullName, analytics, windows, experiments, progress)));

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(answer, CliJson.Answers));
            }
            else
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"refreshed ({answer.Mode}): {answer.Events} events folded into {answer.Views.Count} views ({string.Join(", ", answer.Views)}) in {answer.Seconds:0.00} s, to log position {answer.Position}; {answer.Unreadable} unreadable records; snapshot {(answer.SnapshotDiscarded ? "discarded" : "none to discard")}"));
                if (answer.Mode == "offline")
                {
                    await output.WriteLineAsync("The sidecar's next start derives every view, its metrics included, from the log.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
