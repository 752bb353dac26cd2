using System.CommandLine;
using System.Globalization;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs reflect</c>: runs a reflection now on a running sidecar (<c>POST /api/v1/reflect</c>) and prints its
/// figures and patterns, or the whole run with <c>--json</c>.
/// </summary>
internal static class ReflectCommand
{
    public static Command Create()
    {
        var command = new Command("reflect", "Run a reflection now: recompute the failure and success patterns and the playbook.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(CommonOptions.DataDir) is not null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("agentobs reflect: stores the run in the log, so it needs a running sidecar (--url), not --data-dir.");
                return ExitCodes.Usage;
            }

            return await CliApp.WithSidecarAsync(parse, async (client, output) =>
            {
                var answer = await client.PostAsync("api/v1/reflect", [], "application/json", cancellationToken);
                if (!answer.IsSuccess || answer.Json is null)
                {
                    return await CliApp.FailAsync(parse, "POST /api/v1/reflect", answer);
                }

                var run = answer.Json.Value;
                if (parse.GetValue(CommonOptions.Json))
                {
                    await output.WriteLineAsync(CliJson.Pretty(run));
                    return ExitCodes.Ok;
                }

                await output.WriteLineAsync($"{run.GetProperty("runId").GetString()} ({run.GetProperty("status").GetString()})");
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"failure patterns {run.GetProperty("failurePatternCount").GetInt32()}, success patterns {run.GetProperty("successPatternCount").GetInt32()}, rules {run.GetProperty("ruleCount").GetInt32()}, anti-patterns {run.GetProperty("antiPatternCount").GetInt32()}"));
                foreach (var p in run.GetProperty("failurePatterns").EnumerateArray())
                {
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  failure {p.GetProperty("stage").GetString()}:{p.GetProperty("failureType").GetString()}  {p.GetProperty("occurrenceCount").GetInt32()} times, resolved {p.GetProperty("resolutionSuccessRate").GetDouble():P0}"));
                }

                foreach (var p in run.GetProperty("successPatterns").EnumerateArray())
                {
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  success {p.GetProperty("agentType").GetString()}:{p.GetProperty("taskType").GetString()}  {p.GetProperty("successes").GetInt32()}/{p.GetProperty("attempts").GetInt32()}{(p.GetProperty("recommended").GetBoolean() ? "  recommended" : string.Empty)}"));
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
