using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs assign NAME UNIT</c>: the unit's sticky variant in the experiment, from a running sidecar
/// (<c>GET /api/v1/experiments/NAME/assign?unit=UNIT</c>), which records the exposure (asking again records nothing new).
/// Prints the variant alone, for shells (<c>VARIANT=$(agentobs assign prompt-v2 task-17)</c>), or the answer with --json.
/// </summary>
internal static class AssignCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The experiment." };
        var unit = new Argument<string>("unit") { Description = "The unit: a task id, a run id, a work item." };
        var command = new Command("assign", "Assign a unit to an experiment's variant (sticky) and record the exposure.") { name, unit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(CommonOptions.DataDir) is not null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("agentobs assign: records an exposure in the log, so it needs a running sidecar (--url), not --data-dir.");
                return ExitCodes.Usage;
            }

            var path = $"api/v1/experiments/{Uri.EscapeDataString(parse.GetValue(name)!)}/assign?unit={Uri.EscapeDataString(parse.GetValue(unit)!)}";
            return await CliApp.WithSidecarAsync(parse, async (client, output) =>
            {
                var answer = await client.GetAsync(path, cancellationToken);
                if (!answer.IsSuccess || answer.Json is null)
                {
                    return await CliApp.FailAsync(parse, $"GET /{path}", answer);
                }

                await output.WriteLineAsync(parse.GetValue(CommonOptions.Json) ? CliJson.Pretty(answer.Json.Value) : answer.Json.Value.GetProperty("variant").GetString());
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
