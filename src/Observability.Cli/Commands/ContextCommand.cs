using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs context [--task-type T] [--agent-type A] [--stage S] [--q TEXT] [--limit N]</c>: what a runner should
/// know before it starts, from a running sidecar (<c>GET /api/v1/context</c>): the rules and anti-patterns with their
/// confidence and evidence, and recent similar tasks. The answer as it is with <c>--json</c> (the pre-execution hook's
/// <c>cm context --json</c>).
/// </summary>
internal static class ContextCommand
{
    public static Command Create()
    {
        var taskType = new Option<string?>("--task-type") { Description = "The task type about to be worked on." };
        var agentType = new Option<string?>("--agent-type") { Description = "The agent type that will work on it." };
        var stage = new Option<string?>("--stage") { Description = "The pipeline stage." };
        var q = new Option<string?>("--q") { Description = "Free text, e.g. the task's title." };
        var limit = new Option<int?>("--limit") { Description = "Rules, and anti-patterns, at most." };
        var command = new Command("context", "Rules, anti-patterns and recent similar tasks for a task about to start.") { taskType, agentType, stage, q, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(CommonOptions.DataDir) is not null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("agentobs context: asks a running sidecar (--url); --data-dir is not supported.");
                return ExitCodes.Usage;
            }

            var query = new List<string>();
            Add(query, "task_type", parse.GetValue(taskType));
            Add(query, "agent_type", parse.GetValue(agentType));
            Add(query, "stage", parse.GetValue(stage));
            Add(query, "q", parse.GetValue(q));
            Add(query, "limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture));
            var path = "api/v1/context" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
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
                    await WriteAsync(output, answer.Json.Value.GetProperty("data"));
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static async Task WriteAsync(TextWriter output, JsonElement data)
    {
        await output.WriteLineAsync($"task: {data.GetProperty("task").GetString()}");
        foreach (var (title, key) in new[] { ("rules", "relevantBullets"), ("anti-patterns", "antiPatterns") })
        {
            var bullets = data.GetProperty(key);
            await output.WriteLineAsync($"{title}: {bullets.GetArrayLength()}");
            foreach (var b in bullets.EnumerateArray())
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {b.GetProperty("confidence").GetDouble():0.00}  evidence {b.GetProperty("evidence_count").GetInt64()}  {b.GetProperty("id").GetString()}  {b.GetProperty("content").GetString()}"));
            }
        }

        var snippets = data.GetProperty("historySnippets");
        await output.WriteLineAsync($"recent similar tasks: {snippets.GetArrayLength()}");
        foreach (var s in snippets.EnumerateArray())
        {
            await output.WriteLineAsync(
                $"  {s.GetProperty("task_id").GetString()}  {s.GetProperty("outcome").GetString()}  {Text(s, "duration") ?? "-"}  {Text(s, "model") ?? "-"}  attempts {s.GetProperty("attempts").GetInt32()}  {Text(s, "title")}".TrimEnd());
        }

        var playbook = data.GetProperty("playbook");
        await output.WriteLineAsync(
            $"playbook: {playbook.GetProperty("rules").GetInt32()} rules, {playbook.GetProperty("anti_patterns").GetInt32()} anti-patterns; last reflection {Text(playbook, "last_reflection") ?? "none"}");
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
