using System.CommandLine;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs goals [NAME]</c>: each goal's progress, throughput, forecast and status (and, for one goal, its open
/// units), from a running sidecar (<c>GET /api/v1/goals[/NAME]</c>) or offline with <c>--data-dir</c>.
/// </summary>
internal static class GoalsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "One goal; all of them when absent.", Arity = ArgumentArity.ZeroOrOne };
        var settings = new Option<FileInfo?>("--settings")
        {
            Description = "With --data-dir: the sidecar's appsettings.json, whose Experiments section declares goals in configuration.",
        };
        var command = new Command("goals", "Goals: done/total, 7- and 28-day throughput, forecast, status and open units (GET /api/v1/goals).") { name, settings };
        command.SetAction((parse, cancellationToken) =>
        {
            var goal = parse.GetValue(name);
            return ExperimentRead.RunAsync(
                parse,
                "goals",
                goal is null ? "api/v1/goals" : $"api/v1/goals/{Uri.EscapeDataString(goal)}",
                events => OfflineExperiments.Goals(events, ExperimentsCommand.Settings(parse.GetValue(settings)), goal, TimeProvider.System.GetUtcNow()),
                (output, answer) => Write(output, answer, goal is not null),
                cancellationToken);
        });
        return command;
    }

    private static void Write(TextWriter output, JsonElement answer, bool one)
    {
        var goals = one ? [answer] : answer.GetProperty("goals").EnumerateArray().ToList();
        TableText.Write(
            output,
            ["GOAL", "STATUS", "DONE", "TOTAL", "PERCENT", "LAST 7D", "LAST 28D", "FORECAST", "DUE", "OPEN"],
            goals.Select(g => (IReadOnlyList<string>)
            [
                g.GetProperty("name").GetString()!,
                g.GetProperty("status").GetString()!,
                TableText.Number(g.GetProperty("done")),
                TableText.Number(g.GetProperty("total")),
                TableText.Number(g.GetProperty("percent"), "0.0") + "%",
                TableText.Number(g.GetProperty("throughput").GetProperty("last_7_days")),
                TableText.Number(g.GetProperty("throughput").GetProperty("last_28_days")),
                Day(g.GetProperty("forecast").GetProperty("date")),
                Day(g.GetProperty("due")),
                TableText.Number(g.GetProperty("open_count")),
            ]));
        if (one)
        {
            output.WriteLine();
            output.WriteLine($"Forecast method: {answer.GetProperty("forecast").GetProperty("method").GetString()}");
            if (answer.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
            {
                output.WriteLine(
                    $"Metric: {metric.GetProperty("name").GetString()} {TableText.Number(metric.GetProperty("value"), "0.000")} " +
                    $"(95 % {TableText.Number(metric.GetProperty("lower"), "0.000")} to {TableText.Number(metric.GetProperty("upper"), "0.000")}), " +
                    $"target at least {TableText.Number(metric.GetProperty("at_least"), "0.000")} on {TableText.Number(metric.GetProperty("minimum_units"))} units, " +
                    $"{TableText.Number(metric.GetProperty("finished"))} finished: {(metric.GetProperty("reached").GetBoolean() ? "reached" : "not reached")}");
            }

            var open = answer.GetProperty("open_units").EnumerateArray().Select(u => u.GetString()).ToList();
            output.WriteLine(open.Count == 0 ? "Open units: none" : $"Open units ({answer.GetProperty("open_count").GetInt32()}): {string.Join(", ", open)}");
        }
    }

    private static string Day(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
