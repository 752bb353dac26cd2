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
/// directory); without, the running sidecar at <c>--url</c> refreshes itself (<c>POST /api/v1/admin/refresh</c>), its
/// progress polled from <c>GET</c>. Reports how long it took.
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
            "Rebuild every derived view from the log and discard the state snapshot (ADR-009's metrics:refresh): the running sidecar at --url, or offline with --data-dir (no sidecar may be running on it).")
        {
            settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(CommonOptions.DataDir) is null)
            {
                if (parse.GetValue(settings) is not null)
                {
                    await error.WriteLineAsync("agentobs refresh: --settings goes with --data-dir; a running sidecar refreshes with its own settings.");
                    return ExitCodes.Usage;
                }

                return await RefreshOnline.RunAsync(parse, cancellationToken);
            }

            if (!OfflineDataDirectory.TryGet(parse, "refresh", string.Empty, out var dataDir, out var events, out var exitCode))
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

            await Print(parse, answer);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints what a refresh did, offline or online: the same JSON and the same line.</summary>
    public static async Task Print(ParseResult parse, RefreshAnswer answer)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(CommonOptions.Json))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(answer, CliJson.Answers));
            return;
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"refreshed ({answer.Mode}): {answer.Events} events folded into {answer.Views.Count} views ({string.Join(", ", answer.Views)}) in {answer.Seconds:0.00} s, to log position {answer.Position}; {answer.Unreadable} unreadable records; snapshot {(answer.SnapshotDiscarded ? "discarded" : "none to discard")}"));
        if (answer.Mode == "offline")
        {
            await output.WriteLineAsync("The sidecar's next start derives every view, its metrics included, from the log.");
        }
    }
}
