using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// A sidecar with <c>Analytics:MaxKeys</c> 3 and a history with more keys than that in every breakdown: 8 models, task
/// types and executors (model <c>mI</c> has I + 1 tasks), and 6 call models over 21 days.
/// </summary>
public sealed class KeyCapFixture : SidecarFixture, IAsyncLifetime
{
    public const int Models = 8;

    public const int CallModels = 6;

    protected override IReadOnlyList<string> Arguments => ["--Analytics:MaxKeys", "3"];

    /// <summary>Task <c>j</c> of model <c>i</c>: every third one fails; its duration is 10·(j + 1) s; input tokens 100·(i + 1), output 7.</summary>
    public static IEnumerable<(int Model, int Task, bool Ok, double Seconds)> Tasks() =>
        from i in Enumerable.Range(0, Models)
        from j in Enumerable.Range(0, i + 1)
        select (i, j, j % 3 != 2, 10.0 * (j + 1));

    /// <summary>Call <c>k</c> of call model <c>cI</c>, each on its own day, at a reported cost of 0.25 $.</summary>
    public static IEnumerable<(int Model, int Call, DateTimeOffset At)> Calls() =>
        (from i in Enumerable.Range(0, CallModels) from k in Enumerable.Range(0, i + 1) select (i, k))
        .Select((c, n) => (c.i, c.k, TestEvents.T0.AddDays(n)));

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var events = new List<JsonNode>();
        foreach (var (i, j, ok, seconds) in Tasks())
        {
            var metadata = new JsonObject { ["taskType"] = $"t{i}", ["executor"] = $"e{i}", ["durationSeconds"] = seconds };
            if (!ok)
            {
                metadata["failureType"] = "timeout";
            }

            var id = $"cap-m{i}-{j}";
            events.Add(TestEvents.Make(id, ok ? "task:completed" : "task:failed", id, TestEvents.T0, metadata, TestEvents.Agent($"m{i}", "coder", 100 * (i + 1), 7)));
        }

        foreach (var (i, k, at) in Calls())
        {
            events.Add(AnalyticsHttp.LlmCall($"cap-c{i}-{k}", $"c{i}", 1000, 10, at, execution: null, cost: 0.25));
        }

        var answer = await Sidecar.PostNdjsonAsync([.. events]);
        Assert.Equal(events.Count, answer.Json.GetProperty("accepted").GetInt32());
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();
}

/// <summary>
/// The cap on keys in analytics answers over real HTTP (the security contract's limits): past <c>Analytics:MaxKeys</c>
/// a breakdown lists the largest keys and one <c>__overflow__</c> entry whose figures are the exact sums of the rest,
/// and says how many keys it folded.
/// </summary>
public sealed class KeyCapHttpTests(KeyCapFixture fixture) : IClassFixture<KeyCapFixture>
{
    private const string Overflow = "__overflow__";

    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task Summary_MoreModelsThanMaxKeys_LargestKeptRestFoldedExactly()
    {
        var s = await Sidecar.GetJsonAsync("/api/v1/summary");

        var agents = s.GetProperty("agents");
        Assert.Equal(["m5", "m6", "m7", Overflow], agents.EnumerateObject().Select(a => a.Name));
        Assert.Equal(5, s.GetProperty("overflow").GetProperty("agents").GetProperty("keys").GetInt32());

        // m0..m4: 15 tasks, of which 10 completed; every completed one has its duration as its cycle time.
        var folded = KeyCapFixture.Tasks().Where(t => t.Model < 5).ToList();
        var overflow = agents.GetProperty(Overflow);
        Assert.Equal(folded.Count(t => t.Ok), overflow.Number("tasks_completed"));
        Assert.Equal(folded.Where(t => t.Ok).Average(t => t.Seconds), overflow.Number("avg_cycle_time_seconds"), 9);
        Assert.Equal(0, overflow.Number("rework_rate"));
        Assert.Equal(folded.Sum(t => 100.0 * (t.Model + 1)), overflow.GetProperty("total_tokens").Number("input"));

        // The listed models and the overflow add up to the totals.
        Assert.Equal(s.GetProperty("tasks").Number("completed"), agents.EnumerateObject().Sum(a => a.Value.Number("tasks_completed")));
        Assert.Equal(KeyCapFixture.Tasks().Sum(t => 100.0 * (t.Model + 1)), agents.EnumerateObject().Sum(a => a.Value.GetProperty("total_tokens").Number("input")));
        Assert.Equal(7.0 * KeyCapFixture.Tasks().Count(), agents.EnumerateObject().Sum(a => a.Value.GetProperty("total_tokens").Number("output")));
    }

    [Fact]
    public async Task AgentMetrics_MoreKeysThanMaxKeys_EveryBreakdownFoldedExactly()
    {
        var m = await Sidecar.GetJsonAsync("/api/agent/metrics");

        var folded = KeyCapFixture.Tasks().Where(t => t.Model < 5).ToList();
        var rate = (double)folded.Count(t => t.Ok) / folded.Count;
        var total = m.GetProperty("success_rate").Number("total");
        foreach (var (name, prefix) in new[] { ("by_task_type", "t"), ("by_model", "m"), ("by_executor", "e") })
        {
            var breakdown = m.GetProperty(name);
            Assert.Equal([prefix + "5", prefix + "6", prefix + "7", Overflow], breakdown.EnumerateObject().Select(a => a.Name));
            Assert.Equal(5, m.GetProperty("overflow").GetProperty(name).GetProperty("keys").GetInt32());
            Assert.Equal(rate, breakdown.GetProperty(Overflow).Number("success_rate"), 12);
            if (name != "by_task_type")
            {
                Assert.Equal(folded.Count, breakdown.GetProperty(Overflow).Number("count"));
                Assert.Equal(folded.Average(t => t.Seconds), breakdown.GetProperty(Overflow).Number("avg_duration"), 9);
                Assert.Equal(total, breakdown.EnumerateObject().Sum(a => a.Value.Number("count")));
            }
        }

        var usage = m.GetProperty("usage");
        var byModel = usage.GetProperty("by_model");
        Assert.Equal(["m5", "m6", "m7", Overflow], byModel.EnumerateObject().Select(a => a.Name));
        Assert.Equal(5, usage.GetProperty("overflow").GetProperty("by_model").GetProperty("keys").GetInt32());
        Assert.Equal(folded.Count, byModel.GetProperty(Overflow).Number("tasks"));
        Assert.Equal(folded.Sum(t => 100.0 * (t.Model + 1)), byModel.GetProperty(Overflow).Number("input_tokens"));
        foreach (var figure in new[] { "tasks", "input_tokens", "output_tokens", "unpriced_input_tokens" })
        {
            Assert.Equal(usage.GetProperty("total").Number(figure), byModel.EnumerateObject().Sum(a => a.Value.Number(figure)));
        }
    }

    [Fact]
    public async Task CostSummary_MoreModelsAndDatesThanMaxKeys_FoldedIntoExactSums()
    {
        var c = await Sidecar.GetJsonAsync("/api/v1/metrics/cost-summary");

        var total = c.GetProperty("total");
        Assert.Equal(KeyCapFixture.Calls().Count(), total.Number("calls"));
        var byModel = c.GetProperty("by_model");
        Assert.Equal(["c3", "c4", "c5", Overflow], byModel.EnumerateObject().Select(a => a.Name));
        Assert.Equal(1 + 2 + 3, byModel.GetProperty(Overflow).Number("calls"));
        Assert.Equal(6 * 0.25, byModel.GetProperty(Overflow).Number("cost_usd"), 9);

        // 21 dates of one call each: a tie, so the first three by name stay.
        var byDate = c.GetProperty("by_date");
        var days = KeyCapFixture.Calls().Select(x => x.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([.. days.Take(3), Overflow], byDate.EnumerateObject().Select(a => a.Name));
        Assert.Equal(days.Count - 3, byDate.GetProperty(Overflow).Number("calls"));
        var overflow = c.GetProperty("overflow");
        Assert.Equal(3, overflow.GetProperty("by_model").GetProperty("keys").GetInt32());
        Assert.Equal(days.Count - 3, overflow.GetProperty("by_date").GetProperty("keys").GetInt32());
        Assert.False(overflow.TryGetProperty("by_ws", out _), overflow.ToString());
        foreach (var breakdown in new[] { "by_model", "by_date", "by_ws", "by_phase" })
        {
            Assert.Equal(total.Number("calls"), c.GetProperty(breakdown).EnumerateObject().Sum(a => a.Value.Number("calls")));
            Assert.Equal(total.Number("cost_usd"), c.GetProperty(breakdown).EnumerateObject().Sum(a => a.Value.Number("cost_usd")), 9);
        }
    }

    [Fact]
    public async Task Answers_NoBreakdownPastMaxKeys_HaveNoOverflowMember()
    {
        // The calls of the first three days: two models, three dates (exactly the cap), one work statement, one phase.
        var to = AnalyticsHttp.Iso(TestEvents.T0.AddDays(2));
        var c = await Sidecar.GetJsonAsync($"/api/v1/metrics/cost-summary?to={to}");

        Assert.False(c.TryGetProperty("overflow", out _), c.ToString());
        Assert.Equal(["c0", "c1"], c.GetProperty("by_model").EnumerateObject().Select(a => a.Name));
        Assert.DoesNotContain(Overflow, c.GetRawText(), StringComparison.Ordinal);
    }
}

/// <summary><c>GET /api/v1/windows</c> with ten thousand projects, at the default cap, and the setting checked at start.</summary>
public sealed class WindowsKeyCapTests
{
    [Fact]
    public async Task Windows_TenThousandProjects_ListsMaxKeysAndCountsTheRest()
    {
        using var directory = new TempDirectory("windows-cap");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));

        // 10,018 projects of one merge each, and five of them with three: those five must be among the kept ones.
        const int projects = 10_018, maxKeys = 2000;
        var merges = Enumerable.Range(0, projects).Select(i => WindowsTests.Merge($"p{i}", 1, $"proj-{i:D5}"))
            .Concat(Enumerable.Range(0, 5).SelectMany(b => Enumerable.Range(1, 2).Select(k => WindowsTests.Merge($"big{b}-{k}", 1, $"proj-{9000 + b:D5}"))))
            .ToArray();
        Assert.Equal(merges.Length, (await sidecar.PostNdjsonAsync(merges)).Json.GetProperty("accepted").GetInt32());

        var response = await sidecar.GetAsync("/api/v1/windows");
        var answer = response.Json;
        var listed = answer.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(maxKeys, listed.Count);
        var overflow = answer.GetProperty("overflow");
        Assert.Equal(projects - maxKeys, overflow.GetProperty("keys").GetInt32());
        Assert.Equal(answer.GetProperty("merges").GetInt64(), listed.Sum(p => p.GetProperty("merges").GetInt64()) + overflow.GetProperty("merges").GetInt64());

        // Kept: the five largest, then the smallest names of the rest (ties by name), listed in name order.
        var names = listed.Select(p => p.GetProperty("project").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var expected = Enumerable.Range(0, maxKeys - 5).Select(i => $"proj-{i:D5}").Concat(Enumerable.Range(9000, 5).Select(i => $"proj-{i:D5}"));
        Assert.Equal(expected, names);
        Assert.All(listed.Where(p => p.GetProperty("project").GetString()!.StartsWith("proj-900", StringComparison.Ordinal)), p => Assert.Equal(3, p.GetProperty("merges").GetInt64()));

        // Bounded: about 300 bytes a listed project, whatever the number of projects.
        Assert.True(response.Body.Length < maxKeys * 400, $"{response.Body.Length} bytes");
        await sidecar.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task MaxKeys_NotPositive_StartRefusedNamingTheSetting(string value)
    {
        using var directory = new TempDirectory("max-keys-config");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--Analytics:MaxKeys", value] }, TimeSpan.FromSeconds(30));

        Assert.True(exitCode != 0, $"exit code 0. Output:\n{output}");
        Assert.Contains("Analytics:MaxKeys must be at least 1", output, StringComparison.Ordinal);
    }
}
