using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>agentobs experiments</c>, <c>goals</c> and <c>assign</c> against a real sidecar (<c>--url</c>) and offline over its log
/// (<c>--data-dir</c>, the same projections on a read-only host): the same answers, readable tables, exit codes.
/// </summary>
public sealed class ExperimentsCliTests
{
    [Fact]
    public async Task ExperimentsGoalsAndAssign_UrlAndDataDirModes_GiveTheSameAnswers()
    {
        using var directory = new TempDirectory("cli-experiments");
        var data = directory.Combine("data");
        await using var sidecar = await SidecarProcess.StartAsync(data);
        var url = sidecar.BaseAddress.ToString();
        var now = DateTimeOffset.UtcNow;
        await PostAsync(sidecar, "api/v1/experiments", """{"name":"prompts","dimension":"promptVariant","variants":[{"name":"v1","control":true},{"name":"v2"}]}""");
        await PostAsync(sidecar, "api/v1/goals", """{"name":"ten-specs","targetCount":10,"filter":{"taskType":"spec"}}""");
        await PostAsync(sidecar, "api/v1/goals", """{"name":"quality","metric":"success_rate","atLeast":0.5,"filter":{"taskType":"spec"}}""");

        // v1: 6 of 20 succeed; v2: 16 of 20. Every task is a spec: the goal has 22 done.
        var events = new List<JsonNode>();
        for (var i = 0; i < 20; i++)
        {
            events.Add(Task($"a{i}", "v1", i < 6, now.AddHours(-1)));
            events.Add(Task($"b{i}", "v2", i < 16, now.AddHours(-1)));
        }

        var post = await sidecar.PostEventsAsync([.. events]);
        Assert.True(post.Status == System.Net.HttpStatusCode.OK, post.ToString());

        var assigned = await CliProcess.RunAsync("assign", "prompts", "unit-7", "--url", url);
        var again = await CliProcess.RunAsync("assign", "prompts", "unit-7", "--url", url, "--json");
        Assert.True(assigned.ExitCode == 0, assigned.ToString());
        Assert.Contains(assigned.StandardOutput.Trim(), new[] { "v1", "v2" });
        Assert.Equal(assigned.StandardOutput.Trim(), again.Json.GetProperty("variant").GetString());
        Assert.Equal("duplicate", again.Json.GetProperty("exposure").GetProperty("status").GetString());

        var online = await CliProcess.RunAsync("experiments", "prompts", "--url", url, "--json");
        var offline = await CliProcess.RunAsync("experiments", "prompts", "--data-dir", data, "--json");
        Assert.True(online.ExitCode == 0, online.ToString());
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(online.StandardOutput, offline.StandardOutput);
        Assert.Equal("better", online.Json.GetProperty("comparisons")[0].GetProperty("verdict").GetString());

        var table = await CliProcess.RunAsync("experiments", "prompts", "--data-dir", data);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("v1 (control)  20", table.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"v2\s+\+?50\.0%\s+\[", table.StandardOutput);
        Assert.Contains("holm_bonferroni", table.StandardOutput, StringComparison.Ordinal);

        var list = await CliProcess.RunAsync("experiments", "--url", url);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"prompts\s+running\s+success_rate\s+v2\s+20\s+80\.0%\s+better", list.StandardOutput);

        var goalsOnline = await CliProcess.RunAsync("goals", "--url", url, "--json");
        var goalsOffline = await CliProcess.RunAsync("goals", "--data-dir", data, "--json");
        foreach (var result in new[] { goalsOnline, goalsOffline })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            var goal = result.Json.GetProperty("goals")[0];
            Assert.Equal(("done", 22, 10), (goal.GetProperty("status").GetString(), goal.GetProperty("done").GetInt32(), goal.GetProperty("total").GetInt32()));
        }

        var goalTable = await CliProcess.RunAsync("goals", "ten-specs", "--url", url);
        Assert.Matches(@"ten-specs\s+done\s+22\s+10\s+100\.0%", goalTable.StandardOutput);
        Assert.Contains("Forecast method: linear_28_day_throughput", goalTable.StandardOutput, StringComparison.Ordinal);

        // 22 of the 40 specs succeeded: a rate of 0.55 against at least 0.5 on the default 20 units.
        var metricGoal = await CliProcess.RunAsync("goals", "quality", "--data-dir", data);
        Assert.True(metricGoal.ExitCode == 0, metricGoal.ToString());
        Assert.Matches(@"quality\s+done\s+22\s+40\s+100\.0%", metricGoal.StandardOutput);
        Assert.Contains("Metric: success_rate 0.550 (95 % ", metricGoal.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("target at least 0.500 on 20 units, 40 finished: reached", metricGoal.StandardOutput, StringComparison.Ordinal);

        var missing = await CliProcess.RunAsync("experiments", "nope", "--url", url);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("no experiment 'nope'", missing.StandardError, StringComparison.Ordinal);
        var missingOffline = await CliProcess.RunAsync("goals", "nope", "--data-dir", data);
        Assert.True(missingOffline.ExitCode == 1, missingOffline.ToString());
        var assignOffline = await CliProcess.RunAsync("assign", "prompts", "u", "--data-dir", data);
        Assert.True(assignOffline.ExitCode == 2, assignOffline.ToString());
    }

    private static JsonObject Task(string id, string variant, bool success, DateTimeOffset at) =>
        TestEvents.Make(
            TestEvents.NewId("x"),
            success ? "task:completed" : "task:failed",
            id,
            at,
            success
                ? new JsonObject { ["promptVariant"] = variant, ["taskType"] = "spec" }
                : new JsonObject { ["promptVariant"] = variant, ["taskType"] = "spec", ["failureType"] = "test_failure" });

    private static async Task PostAsync(SidecarProcess sidecar, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        var response = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content });
        Assert.True(response.Status == System.Net.HttpStatusCode.Created, response.ToString());
    }
}
