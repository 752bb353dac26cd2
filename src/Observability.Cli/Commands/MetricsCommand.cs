using System.CommandLine;
using System.Text.Json;
using Observability.Analytics;
using Observability.Analytics.Windows;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs metrics</c>: the rolling merge windows contract's window snapshot, e.g. <c>first_pass_merge_rate = undefined (n=23/50)</c>. From
/// <c>GET /api/v1/windows</c>, or with <c>--data-dir</c> computed offline by folding the log through the same view.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var project = new Option<string?>("--project") { Description = "Show only this project (and the global scope)." };
        var settings = new Option<FileInfo?>("--settings")
        {
            Description = "With --data-dir: the sidecar's appsettings.json, whose Windows section (sizes, thresholds) and Analytics:MaxKeys apply; the defaults otherwise.",
        };
        var table = new Option<bool>("--table")
        {
            Description = "One row per scope (the global one, then each project) instead of the contract's `name = value (n=…)` lines.",
        };
        var command = new Command("metrics", "Rolling merge windows (the rolling merge windows contract): first-pass merge rate, rebase-conflict rate, p95 attempts, thresholds.")
        {
            project, settings, table,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            WindowsSnapshot snapshot;
            if (parse.GetValue(CommonOptions.DataDir) is { } dataDir)
            {
                if (!Directory.Exists(CommonOptions.EventsDirectory(dataDir)))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs: {CommonOptions.EventsDirectory(dataDir)} does not exist.");
                    return ExitCodes.Failed;
                }

                WindowsOptions options;
                AnalyticsOptions analytics;
                try
                {
                    options = SettingsFile.ReadSection<WindowsOptions>(parse.GetValue(settings), WindowsOptions.Section, o => o.Validate());
                    analytics = SettingsFile.ReadSection<AnalyticsOptions>(parse.GetValue(settings), AnalyticsOptions.Section, o => o.Validate());
                }
                catch (Exception e) when (e is IOException or JsonException or ArgumentException)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs metrics: --settings: {e.Message}");
                    return ExitCodes.Usage;
                }

                snapshot = OfflineAnalytics.Windows(CommonOptions.EventsDirectory(dataDir), options, analytics.MaxKeys);
            }
            else
            {
                WindowsSnapshot? fetched = null;
                var code = await CliApp.WithSidecarAsync(parse, async (client, _) =>
                {
                    var answer = await client.GetAsync("api/v1/windows", cancellationToken);
                    if (!answer.IsSuccess || answer.Json is null)
                    {
                        return await CliApp.FailAsync(parse, "GET /api/v1/windows", answer);
                    }

                    fetched = answer.Json.Value.Deserialize<WindowsSnapshot>(CliJson.Options);
                    return ExitCodes.Ok;
                }, cancellationToken);
                if (code != ExitCodes.Ok || fetched is null)
                {
                    return code == ExitCodes.Ok ? ExitCodes.Failed : code;
                }

                snapshot = fetched;
            }

            var only = parse.GetValue(project);
            if (only is not null)
            {
                snapshot = snapshot with { Projects = [.. snapshot.Projects.Where(p => p.Project == only)], Overflow = null };
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(snapshot, CliJson.Options));
            }
            else if (parse.GetValue(table))
            {
                WriteTable(output, snapshot);
            }
            else
            {
                Write(output, snapshot);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(TextWriter output, WindowsSnapshot snapshot)
    {
        WriteScope(output, snapshot.Global, ofProject: false, indent: string.Empty);
        foreach (var scope in snapshot.Projects)
        {
            output.WriteLine();
            output.WriteLine($"project {scope.Project} ({scope.Merges} merges)");
            WriteScope(output, scope, ofProject: true, indent: "  ");
        }

        if (snapshot.Overflow is { } overflow)
        {
            output.WriteLine();
            output.WriteLine(OverflowNote(overflow));
        }

        var t = snapshot.Thresholds;
        output.WriteLine();
        output.WriteLine(System.FormattableString.Invariant(
            $"thresholds: trust lost below {t.TrustLostBelow}, regained at {t.TrustRegainedAt}; scope tightened above {t.ScopeTightenedAbove}, relaxed below {t.ScopeRelaxedBelow}; percentile {t.Percentile}"));
    }

    // A window's cell: its value and fill, e.g. "0.68 (50/50)", "undefined (1/50)"; "*" marks a project's global fallback.
    private static void WriteTable(TextWriter output, WindowsSnapshot snapshot)
    {
        static string Cell(WindowValue w, bool ofProject) => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{(w.Value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "undefined")} ({w.N}/{w.Window}){(ofProject && w.IsFallback ? " *" : string.Empty)}");

        IReadOnlyList<string> Row(ScopeWindows scope, bool ofProject) =>
        [
            scope.Project, scope.Merges.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. WindowNames.All.Select(w => Cell(scope[w], ofProject)),
            scope.TrustLost ? "lost" : "held", scope.ScopeTightened ? "tightened" : "normal",
        ];

        List<IReadOnlyList<string>> rows = [Row(snapshot.Global, ofProject: false), .. snapshot.Projects.Select(p => Row(p, ofProject: true))];
        if (snapshot.Overflow is { } overflow)
        {
            // Counts only: the windows of the folded projects cannot be merged into one.
            rows.Add([KeyOverflow.Key, overflow.Merges.ToString(System.Globalization.CultureInfo.InvariantCulture), .. WindowNames.All.Select(_ => "-"), "-", "-"]);
        }

        TableText.Write(output, ["scope", "merges", .. WindowNames.All, "trust", "scope_state"], rows);
        if (snapshot.Projects.Any(p => WindowNames.All.Any(w => p[w].IsFallback)))
        {
            output.WriteLine("* the project's own window is not full yet: the global value stands in");
        }

        if (snapshot.Overflow is { } folded)
        {
            output.WriteLine(OverflowNote(folded));
        }
    }

    private static string OverflowNote(WindowsOverflow overflow) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{KeyOverflow.Key}: {overflow.Keys} more projects ({overflow.Merges} merges) not listed, past Analytics:MaxKeys");

    private static void WriteScope(TextWriter output, ScopeWindows scope, bool ofProject, string indent)
    {
        foreach (var window in WindowNames.All)
        {
            output.WriteLine(indent + scope[window].Describe(window, ofProject));
        }

        output.WriteLine($"{indent}trust = {(scope.TrustLost ? "lost" : "held")}, scope = {(scope.ScopeTightened ? "tightened" : "normal")}");
    }
}
