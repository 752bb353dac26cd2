using System.Net;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The seeds' own artefacts against the real sidecar: seed 000's example <c>events.jsonl</c> posted as it is, and
/// seed 001's eight Prometheus families under <c>--Sidecar:Namespace opencode</c>.
/// </summary>
public sealed class SeedTests
{
    private static readonly double[] TaskBuckets = [60, 300, 900, 1800, 3600];

    /// <summary>Seed 001's prom-client definitions: name, type, help, label names (in order) and buckets.</summary>
    private static readonly (string Name, string Type, string Help, string[] Labels, double[]? Buckets)[] Seed001Families =
    [
        ("opencode_task_duration_seconds", "histogram", "Task completion duration in seconds", ["agent_type", "task_type", "stage", "success"], [60, 300, 900, 1800, 3600]),
        ("opencode_task_total", "counter", "Total tasks executed", ["agent_type", "task_type", "success"], null),
        ("opencode_code_coverage_percent", "gauge", "Code coverage percentage", [], null),
        ("opencode_lint_errors_total", "counter", "Total lint errors", ["severity"], null),
        ("opencode_pipeline_duration_seconds", "histogram", "Pipeline execution duration", ["stage", "success"], [10, 30, 60, 120, 300]),
        ("opencode_pipeline_failures_total", "counter", "Total pipeline failures", ["stage", "failure_type"], null),
        ("opencode_ai_success_rate", "gauge", "AI task success rate", ["agent_type"], null),
        ("opencode_human_interventions_total", "counter", "Total human interventions", ["reason"], null),
    ];

    public static TheoryData<string> Formats => ["ndjson", "array", "single"];

    private static string[] Seed000Lines =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Seeds", "seed-000-events.jsonl")).Where(l => l.Length > 0)];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Seed000EventsJsonl_PostedAsItIs_IsAcceptedAndMapped(string format)
    {
        using var directory = new TempDirectory("seed000");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var lines = Seed000Lines;
        Assert.Equal(4, lines.Length);
        var before = await sidecar.ScrapeAsync();

        var responses = format switch
        {
            "ndjson" => [await sidecar.PostAsync(string.Join('\n', lines) + "\n", "application/x-ndjson")],
            "array" => [await sidecar.PostAsync("[" + string.Join(",\n", lines) + "]", "application/json")],
            _ => await PostOneByOneAsync(sidecar, lines),
        };

        foreach (var response in responses)
        {
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            Assert.Equal("application/json", response.ContentType);
            Assert.Equal(0, response.Json.GetProperty("rejected").GetInt32());
            Assert.Equal(0, response.Json.GetProperty("duplicates").GetInt32());
        }

        var items = responses.SelectMany(r => r.Json.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(["a1b2c3", "d4e5f6", "g7h8i9", "j0k1l2"], items.Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal("accepted", i.GetProperty("status").GetString()));

        // chain:created; task:created; task:started and task:completed 20 minutes later by the impl agent.
        new ExpectedSamples()
            .Inc("chains_created_total", 1)
            .Inc("task_created_total", 1, "task_type", "unknown")
            .Inc("task_started_total", 1, "agent_type", "impl", "task_type", "unknown")
            .Inc("task_total", 1, "agent_type", "impl", "task_type", "unknown", "success", "true")
            .Observe("task_duration_seconds", TaskBuckets, [1200], "agent_type", "impl", "task_type", "unknown", "stage", "unknown", "success", "true")
            .Set("ai_success_rate", 1, "agent_type", "impl")
            .AssertChanges(before, await sidecar.ScrapeAsync(), $"seed 000 as {format}");

        // The same file again, in another format: every line is a duplicate and nothing is counted twice.
        var middle = await sidecar.ScrapeAsync();
        var again = await sidecar.PostAsync(format == "ndjson" ? "[" + string.Join(",", lines) + "]" : string.Join('\n', lines), format == "ndjson" ? "application/json" : "application/x-ndjson");
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal(4, again.Json.GetProperty("duplicates").GetInt32());
        new ExpectedSamples().AssertChanges(middle, await sidecar.ScrapeAsync(), "seed 000 posted again");
    }

    private static async Task<SidecarResponse[]> PostOneByOneAsync(SidecarProcess sidecar, string[] lines)
    {
        // In order: task:completed after its task:started, as the seed's file has them.
        var responses = new List<SidecarResponse>();
        foreach (var line in lines)
        {
            responses.Add(await sidecar.PostAsync(line, "application/json"));
        }

        return [.. responses];
    }

    [Fact]
    public async Task NamespaceOpencode_FirstScrape_HasSeed001FamiliesWithTheirTypesAndHelp()
    {
        using var directory = new TempDirectory("seed001");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Sidecar:Namespace", "opencode");

        var first = await sidecar.ScrapeAsync();

        foreach (var (name, type, help, _, _) in Seed001Families)
        {
            Assert.True(first.Families.TryGetValue(name, out var family), $"{name} is missing from the first scrape");
            Assert.Equal(type, family.Type);
            Assert.Equal(help, family.Help);
        }

        // The known severities exist at 0 from the start; the coverage gauge has no sample before a report (a 0 would
        // fire the opencode metrics contract's own LowCodeCoverage on a fresh sidecar).
        Assert.Empty(first.SamplesOf("opencode_code_coverage_percent"));
        Assert.Equal(["error", "info", "warning"], first.SamplesOf("opencode_lint_errors_total").Select(s => s.Label("severity")).Order(StringComparer.Ordinal));
        Assert.All(first.SamplesOf("opencode_lint_errors_total"), s => Assert.Equal(0, s.Value));
        Assert.DoesNotContain(first.Samples, s => s.Name.StartsWith("agentobs_", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Families.Keys, n => n.StartsWith("agentobs_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NamespaceOpencode_AfterEvents_Seed001SamplesHaveTheSeedsLabelNamesAndBuckets()
    {
        using var directory = new TempDirectory("seed001");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Sidecar:Namespace", "opencode");
        JsonObject[] events =
        [
            TestEvents.Make("s1-1", "task:started", "T-1", TestEvents.T0, new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = "impl" }),
            TestEvents.Make("s1-2", "task:completed", "T-1", TestEvents.T0.AddMinutes(20), new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = "impl" }),
            TestEvents.Make("s1-3", "coverage:reported", "repo", TestEvents.T0, new JsonObject { ["percent"] = 81.25 }),
            TestEvents.Make("s1-4", "lint:reported", "repo", TestEvents.T0, new JsonObject { ["severity"] = "error", ["count"] = 3 }),
            TestEvents.Make("s1-5", "pipeline:completed", "run-1", TestEvents.T0, new JsonObject { ["stage"] = "test", ["success"] = false, ["failureType"] = "test_failure", ["durationSeconds"] = 42 }),
            TestEvents.Make("s1-6", "human:intervention", "T-1", TestEvents.T0, new JsonObject { ["reason"] = "ambiguous_spec" }),
        ];

        var response = await sidecar.PostEventsAsync(events);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var metrics = await sidecar.ScrapeAsync();
        foreach (var (name, type, _, labels, buckets) in Seed001Families)
        {
            var samples = metrics.SamplesOf(name).ToList();
            Assert.True(samples.Count > 0, $"{name} has no samples after its events");
            Assert.All(samples, s => Assert.Equal(labels, s.Labels.Select(l => l.Key).Where(k => k != "le")));
            if (buckets is not null)
            {
                var les = samples.Where(s => s.Name == name + "_bucket").Select(s => s.Label("le")).ToList();
                Assert.Equal([.. buckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), "+Inf"], les);
                Assert.Contains(samples, s => s.Name == name + "_sum");
                Assert.Contains(samples, s => s.Name == name + "_count");
            }
            else
            {
                Assert.All(samples, s => Assert.Equal(name, s.Name));
                Assert.Equal(type == "counter", name.EndsWith("_total", StringComparison.Ordinal));
            }
        }

        Assert.Equal(1, metrics.Value("opencode_task_total", "agent_type", "impl", "task_type", "impl", "success", "true"));
        Assert.Equal(1200, metrics.Value("opencode_task_duration_seconds_sum", "agent_type", "impl", "task_type", "impl", "stage", "build", "success", "true"));
        Assert.Equal(81.25, metrics.Value("opencode_code_coverage_percent"));
        Assert.Equal(3, metrics.Value("opencode_lint_errors_total", "severity", "error"));
        Assert.Equal(1, metrics.Value("opencode_pipeline_duration_seconds_bucket", "stage", "test", "success", "false", "le", "60"));
        Assert.Equal(0, metrics.Value("opencode_pipeline_duration_seconds_bucket", "stage", "test", "success", "false", "le", "30"));
        Assert.Equal(1, metrics.Value("opencode_pipeline_failures_total", "stage", "test", "failure_type", "test_failure"));
        Assert.Equal(1, metrics.Value("opencode_ai_success_rate", "agent_type", "impl"));
        Assert.Equal(1, metrics.Value("opencode_human_interventions_total", "reason", "ambiguous_spec"));
    }
}
