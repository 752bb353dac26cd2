using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>The text of <c>agentobs summary</c>: ADR-009's figures as tables with units, from the answer's JSON.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter output, JsonElement answer)
    {
        var scope = answer.GetProperty("scope");
        output.WriteLine($"ADR-009 summary of {TableText.Number(answer.GetProperty("event_count"))} events (to log sequence {TableText.Number(answer.GetProperty("last_sequence"))}), {Scope(scope)}, computed {TableText.Text(answer.GetProperty("computed_at"))}");
        output.WriteLine();
        var tasks = answer.GetProperty("tasks");
        var chains = answer.GetProperty("chains");
        var requests = answer.GetProperty("requests");
        TableText.Write(
            output,
            ["", "TOTAL", "DONE", "REWORKED", "AVG CYCLE", "P50 CYCLE", "P90 CYCLE", "AVG TASKS"],
            [
                ["tasks", TableText.Number(tasks.GetProperty("total")), TableText.Number(tasks.GetProperty("completed")), TableText.Number(tasks.GetProperty("reworked")),
                 TableText.Seconds(tasks.GetProperty("avg_cycle_time_seconds")), TableText.Seconds(tasks.GetProperty("p50_cycle_time_seconds")), TableText.Seconds(tasks.GetProperty("p90_cycle_time_seconds")), "-"],
                ["chains", TableText.Number(chains.GetProperty("total")), TableText.Number(chains.GetProperty("completed")), "-", "-", "-", "-", TableText.Number(chains.GetProperty("avg_tasks_per_chain"), "0.##")],
                ["requests", TableText.Number(requests.GetProperty("total")), TableText.Number(requests.GetProperty("closed")), "-", TableText.Seconds(requests.GetProperty("avg_cycle_time_seconds")), "-", "-", "-"],
            ]);
        var agents = answer.GetProperty("agents").EnumerateObject().ToList();
        if (agents.Count == 0)
        {
            return;
        }

        output.WriteLine();
        TableText.Write(
            output,
            ["MODEL", "TASKS DONE", "REWORK RATE", "AVG CYCLE", "TOKENS IN", "TOKENS OUT"],
            agents.Select(a => (IReadOnlyList<string>)
            [
                a.Name,
                TableText.Number(a.Value.GetProperty("tasks_completed")),
                TableText.Percent(a.Value.GetProperty("rework_rate")),
                TableText.Seconds(a.Value.GetProperty("avg_cycle_time_seconds")),
                TableText.Number(a.Value.GetProperty("total_tokens").GetProperty("input")),
                TableText.Number(a.Value.GetProperty("total_tokens").GetProperty("output")),
            ]));
        if (answer.TryGetProperty("overflow", out var overflow) && overflow.TryGetProperty("agents", out var folded))
        {
            output.WriteLine($"__overflow__: {TableText.Number(folded.GetProperty("keys"))} more models, summed, past Analytics:MaxKeys");
        }
    }

    private static string Scope(JsonElement scope)
    {
        var at = scope.GetProperty("at");
        var from = scope.GetProperty("from");
        var to = scope.GetProperty("to");
        return at.ValueKind == JsonValueKind.String ? $"as at {at.GetString()}"
            : from.ValueKind == JsonValueKind.Null && to.ValueKind == JsonValueKind.Null ? "all time"
            : $"from {TableText.Text(from)} to {TableText.Text(to)}";
    }
}
