using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary><c>agentobs reflect</c> and <c>agentobs context</c> against a real sidecar: text and <c>--json</c>, exit codes.</summary>
public sealed class LearningCliTests
{
    [Fact]
    public async Task ReflectAndContext_RealSidecar_PrintThePlaybookAndTheAnswer()
    {
        using var directory = new TempDirectory("cli-learning");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var url = sidecar.BaseAddress.ToString();
        var now = DateTimeOffset.UtcNow;
        var events = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(TestEvents.Make($"cli-f{i}", "task:failed", $"f{i}", now.AddHours(-i - 1),
                new JsonObject { ["stage"] = "build", ["failureType"] = "timeout", ["taskType"] = "chore", ["agentType"] = "ci" }));
        }

        for (var i = 0; i < 5; i++)
        {
            events.Add(TestEvents.Make($"cli-s{i}", "task:completed", $"s{i}", now.AddHours(-i - 1),
                new JsonObject { ["stage"] = "build", ["taskType"] = "bugfix", ["agentType"] = "impl", ["durationSeconds"] = 600, ["title"] = $"Fix bug {i}" },
                new JsonObject { ["model"] = "m1" }));
        }

        var posted = await sidecar.PostEventsAsync([.. events]);
        Assert.True(posted.Status == System.Net.HttpStatusCode.OK, posted.ToString());

        var reflect = await CliProcess.RunAsync("reflect", "--url", url);
        Assert.True(reflect.ExitCode == 0, reflect.ToString());
        Assert.Contains("failure patterns 1, success patterns 2, rules 1, anti-patterns 1", reflect.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("failure build:timeout  3 times", reflect.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("success impl:bugfix  5/5  recommended", reflect.StandardOutput, StringComparison.Ordinal);

        var text = await CliProcess.RunAsync("context", "--url", url, "--task-type", "bugfix", "--agent-type", "impl", "--stage", "build");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("task: task_type=bugfix, agent_type=impl, stage=build", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rules: 1", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Agent type impl is proven on bugfix tasks: 5 of 5", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("anti-patterns: 1", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  s0  success  10 min  m1  attempts 1  Fix bug 0", text.StandardOutput, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync("context", "--url", url, "--q", "bug", "--limit", "1", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(json.Json.GetProperty("success").GetBoolean());
        Assert.Equal("bug", json.Json.GetProperty("data").GetProperty("task").GetString());
        Assert.Equal(1, json.Json.GetProperty("data").GetProperty("antiPatterns").GetArrayLength());

        var bad = await CliProcess.RunAsync("context", "--url", url, "--limit", "0");
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains("limit", bad.StandardError, StringComparison.Ordinal);
        var offline = await CliProcess.RunAsync("reflect", "--data-dir", directory.Combine("data"));
        Assert.True(offline.ExitCode == 2, offline.ToString());
    }
}
