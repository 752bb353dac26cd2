using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>The text of <c>agentobs scoreboard</c>: the WS-METRICS contract's scoreboard as one table with units.</summary>
internal static class ScoreboardTable
{
    public static void Write(TextWriter output, JsonElement answer)
    {
        var unpriced = answer.GetProperty("unpriced_tokens");
        TableText.Write(
            output,
            ["WINDOW", "RUNS", "COMPLETED", "SUCCESS", "AVG DURATION", "P95 DURATION", "FIRST-PASS VERIFY", "COST USD", "USD/COMPLETED", "BUG FIXES"],
            [
                [
                    TableText.Text(answer.GetProperty("window")),
                    TableText.Number(answer.GetProperty("runs")),
                    TableText.Number(answer.GetProperty("completed")),
                    TableText.Percent(answer.GetProperty("success_rate")),
                    TableText.Seconds(answer.GetProperty("avg_duration_seconds")),
                    TableText.Seconds(answer.GetProperty("p95_duration_seconds")),
                    TableText.Percent(answer.GetProperty("first_pass_verify_rate")),
                    TableText.Number(answer.GetProperty("total_cost_usd"), "0.00##"),
                    TableText.Number(answer.GetProperty("cost_per_completed_ws"), "0.00##"),
                    TableText.Number(answer.GetProperty("autonomous_bug_fixes")),
                ],
            ]);
        if (unpriced.GetProperty("input").GetInt64() > 0 || unpriced.GetProperty("output").GetInt64() > 0)
        {
            output.WriteLine($"Unpriced tokens (no price for their model): {unpriced.GetProperty("input").GetInt64()} in, {unpriced.GetProperty("output").GetInt64()} out");
        }
    }
}
