using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs import events.jsonl</c>: loads a ADR-009 event log into the sidecar, POSTing NDJSON batches (retried;
/// re-importing the same file is safe, every event comes back as a duplicate) and reporting accepted, duplicate and
/// rejected events with the line of each rejection.
/// </summary>
internal static class ImportCommand
{
    private const int MaxRejectionsShown = 20;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSONL file, one event per line (ADR-009's events.jsonl)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Events per request (1-10000).", DefaultValueFactory = _ => 1000 };
        var command = new Command("import", "Load a ADR-009 events.jsonl into the sidecar in NDJSON batches.") { file, batchSize };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var size = parse.GetValue(batchSize);
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(CommonOptions.DataDir) is not null)
            {
                // Writing goes through a sidecar, so validation, deduplication and the metrics stay in one place.
                await error.WriteLineAsync("agentobs import: writes need a running sidecar (--url); --data-dir is read-only.");
                return ExitCodes.Usage;
            }

            if (size is < 1 or > 10_000)
            {
                await error.WriteLineAsync($"agentobs import: --batch-size must be between 1 and 10000, was {size}.");
                return ExitCodes.Usage;
            }

            if (!path.Exists)
            {
                await error.WriteLineAsync($"agentobs import: {path.FullName} does not exist.");
                return ExitCodes.Usage;
            }

            return await CliApp.WithSidecarAsync(parse, async (client, output) =>
            {
                var report = new ImportReport(path.FullName);
                var lines = new List<int>(size);
                var body = new StringBuilder();
                var lineNumber = 0;
                foreach (var line in File.ReadLines(path.FullName))
                {
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    lines.Add(lineNumber);
                    body.Append(line).Append('\n');
                    if (lines.Count == size && !await SendAsync(client, parse, report, lines, body, cancellationToken))
                    {
                        return ExitCodes.Failed;
                    }
                }

                if (lines.Count > 0 && !await SendAsync(client, parse, report, lines, body, cancellationToken))
                {
                    return ExitCodes.Failed;
                }

                if (parse.GetValue(CommonOptions.Json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options));
                }
                else
                {
                    await output.WriteLineAsync($"{report.File}: {report.Events} events in {report.Batches} batches: {report.Accepted} accepted, {report.Duplicates} duplicates, {report.Rejected} rejected");
                    foreach (var r in report.Rejections.Take(MaxRejectionsShown))
                    {
                        await output.WriteLineAsync($"  line {r.Line}: {r.Field}: {r.Reason}");
                    }

                    if (report.Rejections.Count > MaxRejectionsShown)
                    {
                        await output.WriteLineAsync($"  … and {report.Rejections.Count - MaxRejectionsShown} more (--json lists all)");
                    }
                }

                return report.Rejected == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<bool> SendAsync(
        SidecarClient client, ParseResult parse, ImportReport report, List<int> lines, StringBuilder body, CancellationToken cancellationToken)
    {
        var answer = await client.PostAsync("api/v1/events", Encoding.UTF8.GetBytes(body.ToString()), "application/x-ndjson", cancellationToken);
        if (answer.Json is not { } result || !result.TryGetProperty("items", out var items))
        {
            await CliApp.FailAsync(parse, $"POST /api/v1/events (batch from line {lines[0]})", answer);
            return false;
        }

        report.Add(result, items, lines);
        lines.Clear();
        body.Clear();
        return true;
    }
}
