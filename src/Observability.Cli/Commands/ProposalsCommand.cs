using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs proposals</c>: the tasks proposed from review findings, from a running sidecar. <c>list [--status S]</c>
/// (the default) prints a table; <c>show ID</c> the title, status, description with the evidence and acceptance
/// criteria; <c>approve ID</c> and <c>reject ID</c> (<c>--by</c>, <c>--reason</c>) store the decision. A proposal that is
/// not pending any more is exit code 1 with the sidecar's answer (409). <c>--json</c> prints the answers as they are.
/// </summary>
internal static class ProposalsCommand
{
    public static Command Create()
    {
        var status = new Option<string?>("--status") { Description = "Only proposals in this status." };
        status.AcceptOnlyFromAmong("pending", "approved", "delivered", "rejected", "withdrawn");
        var list = new Command("list", "The proposals with status, kind, severity and title (GET /api/v1/proposals).") { status };
        list.SetAction((parse, ct) => ReadAsync(parse, "api/v1/proposals" + (parse.GetValue(status) is { } s ? $"?status={s}" : string.Empty), WriteList, ct));

        var id = new Argument<string>("id") { Description = "The proposal's id (p-...)." };
        var show = new Command("show", "One proposal: title, status, description with the evidence, acceptance criteria, deliveries.") { id };
        show.SetAction((parse, ct) => ReadAsync(parse, $"api/v1/proposals/{Uri.EscapeDataString(parse.GetValue(id)!)}", WriteOne, ct));

        var command = new Command("proposals", "Tasks proposed from review findings: list, show, approve, reject (/api/v1/proposals).") { list, show, Decide("approve", id), Decide("reject", id) };
        command.SetAction((parse, ct) => ReadAsync(parse, "api/v1/proposals", WriteList, ct));
        return command;
    }

    private static Command Decide(string verb, Argument<string> id)
    {
        var by = new Option<string?>("--by") { Description = "Who decides, as stored in the decision event." };
        var reason = new Option<string?>("--reason") { Description = "Why." };
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} a pending proposal (POST /api/v1/proposals/ID/{verb}).") { id, by, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await OnlineOnlyAsync(parse, verb))
            {
                return ExitCodes.Usage;
            }

            var path = $"api/v1/proposals/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}";
            var body = new JsonObject { ["by"] = parse.GetValue(by), ["reason"] = parse.GetValue(reason) };
            return await CliApp.WithSidecarAsync(parse, async (client, output) =>
            {
                var answer = await client.PostAsync(path, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", cancellationToken);
                if (!answer.IsSuccess || answer.Json is null)
                {
                    return await CliApp.FailAsync(parse, $"POST /{path}", answer);
                }

                await output.WriteLineAsync(parse.GetValue(CommonOptions.Json)
                    ? CliJson.Pretty(answer.Json.Value)
                    : $"{answer.Json.Value.GetProperty("id").GetString()} {answer.Json.Value.GetProperty("status").GetString()}");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ReadAsync(ParseResult parse, string path, Action<TextWriter, JsonElement> write, CancellationToken cancellationToken)
    {
        if (await OnlineOnlyAsync(parse, "proposals"))
        {
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
                write(output, answer.Json.Value);
            }

            return ExitCodes.Ok;
        }, cancellationToken);
    }

    // TODO: --data-dir for list and show through the proposals projection on a read-only host, as goals do.
    private static async Task<bool> OnlineOnlyAsync(ParseResult parse, string verb)
    {
        if (parse.GetValue(CommonOptions.DataDir) is null)
        {
            return false;
        }

        await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs proposals {verb}: needs a running sidecar (--url), not --data-dir.");
        return true;
    }

    private static void WriteList(TextWriter output, JsonElement answer) => TableText.Write(
        output,
        ["ID", "STATUS", "KIND", "SEVERITY", "TITLE"],
        answer.GetProperty("proposals").EnumerateArray().Select(p => (IReadOnlyList<string>)
        [
            p.GetProperty("id").GetString()!, p.GetProperty("status").GetString()!, p.GetProperty("kind").GetString()!,
            p.GetProperty("severity").GetString()!, p.GetProperty("title").GetString()!,
        ]));

    private static void WriteOne(TextWriter output, JsonElement p)
    {
        output.WriteLine($"{p.GetProperty("id").GetString()}  {p.GetProperty("status").GetString()}  {p.GetProperty("kind").GetString()}  {p.GetProperty("severity").GetString()}");
        output.WriteLine(p.GetProperty("title").GetString());
        if (p.GetProperty("withdrawn_reason").GetString() is { } withdrawn)
        {
            output.WriteLine($"Withdrawn: {withdrawn}");
        }

        if (p.GetProperty("decision") is { ValueKind: JsonValueKind.Object } decision)
        {
            output.WriteLine($"Decision: {decision.GetProperty("decision").GetString()} by {TableText.Text(decision.GetProperty("by"))} at {decision.GetProperty("at").GetString()}");
        }

        foreach (var delivery in p.GetProperty("deliveries").EnumerateArray())
        {
            output.WriteLine($"Delivered to {delivery.GetProperty("tracker").GetString()} ({delivery.GetProperty("outcome").GetString()}): {TableText.Text(delivery.GetProperty("url"))}");
        }

        output.WriteLine();
        output.Write(p.GetProperty("description").GetString());
    }
}
