using System.CommandLine;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// Commands that show one analytics answer: from a running sidecar (<c>--url</c>), or with <c>--data-dir</c> computed
/// offline from the log by the same views. JSON as it is with <c>--json</c>, else the command's table.
/// </summary>
internal static class ApiRead
{
    public static async Task<int> RunAsync(
        ParseResult parse, string name, string path, Func<string, object> offline, Action<TextWriter, JsonElement> table, CancellationToken cancellationToken)
    {
        if (parse.GetValue(CommonOptions.DataDir) is { } dataDir)
        {
            var events = CommonOptions.EventsDirectory(dataDir);
            if (!Directory.Exists(events))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs: {events} does not exist.");
                return ExitCodes.Failed;
            }

            object answer;
            try
            {
                answer = offline(events);
            }
            catch (Exception e) when (e is ArgumentException or IOException or JsonException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs {name}: {e.Message}");
                return ExitCodes.Usage;
            }

            await WriteAsync(parse, JsonSerializer.SerializeToElement(answer, CliJson.Answers), table);
            return ExitCodes.Ok;
        }

        return await CliApp.WithSidecarAsync(parse, async (client, _) =>
        {
            var answer = await client.GetAsync(path, cancellationToken);
            if (!answer.IsSuccess || answer.Json is null)
            {
                return await CliApp.FailAsync(parse, $"GET /{path}", answer);
            }

            await WriteAsync(parse, answer.Json.Value, table);
            return ExitCodes.Ok;
        }, cancellationToken);
    }

    private static async Task WriteAsync(ParseResult parse, JsonElement answer, Action<TextWriter, JsonElement> table)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(CommonOptions.Json))
        {
            await output.WriteLineAsync(CliJson.Pretty(answer));
        }
        else
        {
            table(output, answer);
        }
    }
}
