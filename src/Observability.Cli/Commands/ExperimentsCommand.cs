using System.CommandLine;
using System.Text.Json;
using Observability.Experiments;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs experiments [NAME]</c>: the experiments list, or one experiment's arms, comparisons and verdicts, from a
/// running sidecar (<c>GET /api/v1/experiments[/NAME]</c>) or, with <c>--data-dir</c>, computed from the log by the
/// same projection. Tables, or the answer's JSON with <c>--json</c>.
/// </summary>
internal static class ExperimentsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "One experiment; all of them when absent.", Arity = ArgumentArity.ZeroOrOne };
        var settings = new Option<FileInfo?>("--settings")
        {
            Description = "With --data-dir: the sidecar's appsettings.json, whose Experiments section declares experiments and goals in configuration.",
        };
        var command = new Command("experiments", "A/B experiments: per-variant rates with intervals, comparisons with the control and verdicts (GET /api/v1/experiments).")
        {
            name, settings,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var experiment = parse.GetValue(name);
            var path = experiment is null ? "api/v1/experiments" : $"api/v1/experiments/{Uri.EscapeDataString(experiment)}";
            return ExperimentRead.RunAsync(
                parse,
                "experiments",
                path,
                events => OfflineExperiments.Experiments(events, Settings(parse.GetValue(settings)), experiment, TimeProvider.System.GetUtcNow()),
                experiment is null ? WriteList : WriteOne,
                cancellationToken);
        });
        return command;
    }

    internal static ExperimentsOptions Settings(FileInfo? file) =>
        SettingsFile.ReadSection<ExperimentsOptions>(file, ExperimentsOptions.Section, o => o.Validate());

    private static void WriteList(TextWriter output, JsonElement answer)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in answer.GetProperty("experiments").EnumerateArray())
        {
            foreach (var v in e.GetProperty("variants").EnumerateArray())
            {
                rows.Add(
                [
                    e.GetProperty("name").GetString()!,
                    e.GetProperty("status").GetString()!,
                    e.GetProperty("primary_metric").GetString()!,
                    v.GetProperty("name").GetString()! + (v.GetProperty("control").GetBoolean() ? " (control)" : string.Empty),
                    TableText.Number(v.GetProperty("n")),
                    TableText.Percent(v.GetProperty("rate")),
                    TableText.Text(v.GetProperty("verdict")),
                    TableText.Text(v.GetProperty("always_valid_verdict")),
                    e.GetProperty("sample_ratio_mismatch").GetBoolean() ? "yes" : "no",
                ]);
            }
        }

        TableText.Write(output, ["EXPERIMENT", "STATUS", "METRIC", "VARIANT", "N", "RATE", "VERDICT", "ALWAYS-VALID", "SRM"], rows);
    }

    private static void WriteOne(TextWriter output, JsonElement answer)
    {
        output.WriteLine($"{answer.GetProperty("name").GetString()}: {answer.GetProperty("status").GetString()}, {answer.GetProperty("units").GetString()} by {answer.GetProperty("dimension").GetString()}, primary metric {answer.GetProperty("primary_metric").GetString()}, minimum {answer.GetProperty("minimum_sample_per_arm").GetInt32()} per arm");
        output.WriteLine();
        TableText.Write(
            output,
            ["VARIANT", "N", "SUCCESSES", "RATE", "95% WILSON", "MEDIAN S", "GEO MEAN S", "COST/UNIT"],
            answer.GetProperty("variants").EnumerateArray().Select(v => (IReadOnlyList<string>)
            [
                v.GetProperty("name").GetString()! + (v.GetProperty("control").GetBoolean() ? " (control)" : string.Empty),
                TableText.Number(v.GetProperty("n")),
                TableText.Number(v.GetProperty("successes")),
                TableText.Percent(v.GetProperty("rate")),
                TableText.PercentInterval(v.GetProperty("rate_interval")),
                TableText.Number(v.GetProperty("duration").GetProperty("median_seconds"), "0.#"),
                TableText.Number(v.GetProperty("duration").GetProperty("geometric_mean_seconds"), "0.#"),
                TableText.Number(v.GetProperty("cost_per_unit_usd"), "0.####"),
            ]));
        output.WriteLine();
        TableText.Write(
            output,
            ["VARIANT", "DIFFERENCE", "95% NEWCOMBE", "P", "TEST", "P ALWAYS-VALID", "P(BEATS)", "DURATION RATIO", "VERDICT", "ALWAYS-VALID"],
            answer.GetProperty("comparisons").EnumerateArray().Select(c => (IReadOnlyList<string>)
            [
                c.GetProperty("variant").GetString()!,
                TableText.Percent(c.GetProperty("rate").GetProperty("difference")),
                TableText.PercentInterval(c.GetProperty("rate").GetProperty("interval")),
                TableText.P(c.GetProperty("rate").GetProperty("p_value")),
                c.GetProperty("rate").GetProperty("test").GetString()!,
                TableText.P(c.GetProperty("always_valid_p_value")),
                TableText.Number(c.GetProperty("probability_beats_control"), "0.###"),
                TableText.Number(c.GetProperty("duration").GetProperty("ratio"), "0.###"),
                c.GetProperty("verdict").GetString()!,
                TableText.Text(c.GetProperty("always_valid_verdict")),
            ]));
        var srm = answer.GetProperty("sample_ratio");
        var rule = answer.GetProperty("verdict");
        output.WriteLine();
        output.WriteLine($"Sample ratio: chi-square {TableText.Number(srm.GetProperty("chi_square"), "0.###")}, p = {TableText.P(srm.GetProperty("p_value"))}{(srm.GetProperty("mismatch").GetBoolean() ? ": MISMATCH, no comparison can be trusted" : string.Empty)}");
        output.WriteLine($"Verdicts: {rule.GetProperty("multiple_comparison_rule").GetString()} at alpha {TableText.Number(rule.GetProperty("alpha"))}, {rule.GetProperty("direction").GetString()}; VERDICT on the fixed-horizon p-value, ALWAYS-VALID on the mSPRT one.");
        var undeclared = answer.GetProperty("undeclared_variants");
        if (undeclared.GetArrayLength() > 0 || answer.GetProperty("undeclared_other").GetInt64() > 0)
        {
            output.WriteLine($"Undeclared variants: {string.Join(", ", undeclared.EnumerateArray().Select(u => $"{u.GetProperty("value").GetString()} ({u.GetProperty("n").GetInt64()})"))}; others {answer.GetProperty("undeclared_other").GetInt64()}");
        }
    }
}
