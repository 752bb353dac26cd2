using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>Commands that show one sidecar answer: JSON as it is with <c>--json</c>, else as <c>path = value</c> lines.</summary>
internal static class ApiRead
{
    public static async Task<int> RunAsync(ParseResult parse, string name, string path, CancellationToken cancellationToken)
    {
        if (parse.GetValue(CommonOptions.DataDir) is not null)
        {
            // TODO(issue 4): compute from the data directory offline, as `metrics` does, once the summary views exist.
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"agentobs {name}: needs --url (a running sidecar); the --data-dir mode only serves metrics and verify for now.");
            return ExitCodes.Usage;
        }

        return await CliApp.WithSidecarAsync(parse, async (client, output) =>
        {
            var answer = await client.GetAsync(path, cancellationToken);
            if (!answer.IsSuccess || answer.Json is null)
            {
                return await CliApp.FailAsync(parse, $"GET /{path}", answer);
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(CliJson.Pretty(answer.Json.Value));
            }
            else
            {
                JsonText.Write(output, answer.Json.Value);
            }

            return ExitCodes.Ok;
        }, cancellationToken);
    }
}
