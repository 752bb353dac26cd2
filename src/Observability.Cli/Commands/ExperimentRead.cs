using System.CommandLine;
using System.Net;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>experiments</c> and <c>goals</c>: one answer from a running sidecar, or with <c>--data-dir</c> from the log through
/// the same projections; a table for people, the JSON as it is with <c>--json</c>. An unknown name is exit code 1.
/// </summary>
internal static class ExperimentRead
{
    public static async Task<int> RunAsync(
        ParseResult parse, string name, string path, Func<string, object?> offline, Action<TextWriter, JsonElement> table, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (parse.GetValue(CommonOptions.DataDir) is { } dataDir)
        {
            var events = CommonOptions.EventsDirectory(dataDir);
            if (!Directory.Exists(events))
            {
                await error.WriteLineAsync($"agentobs: {events} does not exist.");
                return ExitCodes.Failed;
            }

            object? answer;
            try
            {
                answer = offline(events);
            }
            catch (Exception e) when (e is ArgumentException or IOException or JsonException)
            {
                await error.WriteLineAsync($"agentobs {name}: {e.Message}");
                return ExitCodes.Usage;
            }

            if (answer is null)
            {
                await error.WriteLineAsync($"agentobs {name}: no such name is declared in the log or the settings.");
                return ExitCodes.Failed;
            }

            Write(parse, JsonSerializer.SerializeToElement(answer, CliJson.Answers), table);
            return ExitCodes.Ok;
        }

        return await CliApp.WithSidecarAsync(parse, async (client, _) =>
        {
            var answer = await client.GetAsync(path, cancellationToken);
            if (!answer.IsSuccess || answer.Json is null)
            {
                return await CliApp.FailAsync(parse, $"GET /{path}", answer);
            }

            Write(parse, answer.Json.Value, table);
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    private static void Write(ParseResult parse, JsonElement answer, Action<TextWriter, JsonElement> table)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(CommonOptions.Json))
        {
            output.WriteLine(CliJson.Pretty(answer));
        }
        else
        {
            table(output, answer);
        }
    }
}
