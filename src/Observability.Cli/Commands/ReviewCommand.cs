using System.CommandLine;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs review</c>: runs one automated review on a running sidecar (<c>POST /api/v1/review</c>) and prints the
/// findings it opened and closed (the whole answer with <c>--json</c>).
/// </summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var command = new Command("review", "Run one automated review now and print the findings it opened and closed (POST /api/v1/review).");
        command.SetAction((parse, cancellationToken) => CliApp.WithSidecarAsync(parse, async (client, output) =>
        {
            var answer = await client.PostAsync("api/v1/review", "{}"u8.ToArray(), "application/json", cancellationToken);
            if (await FindingsCommand.FailedOrPrintedAsync(parse, "POST /api/v1/review", answer, output) is { } exitCode)
            {
                return exitCode;
            }

            var json = answer.Json!.Value;

            var opened = json.GetProperty("opened").EnumerateArray().ToList();
            var closed = json.GetProperty("closed").EnumerateArray().ToList();
            await output.WriteLineAsync(
                $"Review {json.GetProperty("run_id").GetString()}: {opened.Count} opened, {closed.Count} closed, {json.GetProperty("open").GetInt32()} open.");
            if (opened.Count + closed.Count > 0)
            {
                await output.WriteLineAsync();
                FindingsCommand.Write(output, [.. opened, .. closed]);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
