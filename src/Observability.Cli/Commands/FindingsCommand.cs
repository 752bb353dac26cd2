using System.CommandLine;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs findings [--status open|closed|all] [--kind K] [--severity S]</c>: the review's findings from a running
/// sidecar (<c>GET /api/v1/findings</c>), one line each (the whole answer with <c>--json</c>).
/// </summary>
internal static class FindingsCommand
{
    public static Command Create()
    {
        var status = new Option<string>("--status") { Description = "open (default), closed or all.", DefaultValueFactory = _ => "open" };
        status.AcceptOnlyFromAmong("open", "closed", "all");
        var kind = new Option<string?>("--kind") { Description = "Only this kind, e.g. stale_task, timeout_cluster, over_budget (docs/review.md)." };
        var severity = new Option<string?>("--severity") { Description = "Only this severity." };
        severity.AcceptOnlyFromAmong("info", "warning", "critical");
        var command = new Command("findings", "The automated review's findings: kind, severity, subject and summary (GET /api/v1/findings).") { status, kind, severity };
        command.SetAction((parse, cancellationToken) => CliApp.WithSidecarAsync(parse, async (client, output) =>
        {
            var query = $"status={parse.GetValue(status)}";
            if (parse.GetValue(kind) is { } k)
            {
                query += $"&kind={Uri.EscapeDataString(k)}";
            }

            if (parse.GetValue(severity) is { } s)
            {
                query += $"&severity={s}";
            }

            var answer = await client.GetAsync($"api/v1/findings?{query}", cancellationToken);
            if (await FailedOrPrintedAsync(parse, "GET /api/v1/findings", answer, output) is { } exitCode)
            {
                return exitCode;
            }

            var json = answer.Json!.Value;

            var findings = json.GetProperty("findings").EnumerateArray().ToList();
            if (findings.Count == 0)
            {
                await output.WriteLineAsync("No findings.");
                return ExitCodes.Ok;
            }

            Write(output, findings);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The exit code when the answer is an error (printed to stderr) or <c>--json</c> asked for it as it is (printed);
    /// null when the caller prints it as text.
    /// </summary>
    public static async Task<int?> FailedOrPrintedAsync(ParseResult parse, string what, SidecarAnswer answer, TextWriter output)
    {
        if (!answer.IsSuccess || answer.Json is not { } json)
        {
            return await CliApp.FailAsync(parse, what, answer);
        }

        if (!parse.GetValue(CommonOptions.Json))
        {
            return null;
        }

        await output.WriteLineAsync(CliJson.Pretty(json));
        return ExitCodes.Ok;
    }

    public static void Write(TextWriter output, IReadOnlyList<JsonElement> findings) => TableText.Write(
        output,
        ["ID", "STATUS", "SEVERITY", "KIND", "SUBJECT", "SUMMARY"],
        findings.Select(f => (IReadOnlyList<string>)
        [
            f.GetProperty("id").GetString()!,
            f.GetProperty("status").GetString()!,
            f.GetProperty("severity").GetString()!,
            f.GetProperty("kind").GetString()!,
            $"{f.GetProperty("subject_type").GetString()} {f.GetProperty("subject").GetString()}",
            f.GetProperty("summary").GetString()!,
        ]));
}
