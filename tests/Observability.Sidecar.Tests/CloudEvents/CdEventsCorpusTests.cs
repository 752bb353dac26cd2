using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.CloudEvents;

/// <summary>
/// The CDEvents specification's conformance examples (v0.4.1 and v0.5.1, every file), each wrapped in a CloudEvent as
/// the CDEvents CloudEvents binding says (type, source and time from the CDEvent's context, the CDEvent as data) and
/// posted over HTTP to a real sidecar: every file is accepted and stored, and every mapped one produces its metrics.
/// </summary>
/// <remarks>
/// Every example shares one context id (and the incidents and tickets another), which the CloudEvents spec forbids for
/// distinct events; the test gives each CloudEvent an id of its own (the context id, the version and the file) so the
/// examples are not duplicates of each other. The CDEvent itself is sent byte for byte.
/// </remarks>
public sealed class CdEventsCorpusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>
    /// What each mapped example produces, beyond <c>cloudevents_received_total{subject,predicate}</c> +1 which every file
    /// produces: the series it moves and by how much. Files are posted queued and started first, then the others, then
    /// finished and resolved, the order a producer sends them in, so durations are derived (0 s: the examples share one
    /// timestamp). Not listed: stored and counted only.
    /// </summary>
    private static readonly Dictionary<string, (string Series, double Delta)[]> Expected = new()
    {
        ["pipelinerun_queued"] = [(Key("agentobs_pipeline_runs_queued_total", "stage", "myPipeline"), 1)],
        ["pipelinerun_started"] = [(Key("agentobs_pipeline_stages_started_total", "stage", "myPipeline"), 1)],
        ["pipelinerun_finished"] =
        [
            (Key("agentobs_pipeline_failures_total", "stage", "myPipeline", "failure_type", "failure"), 1),
            (Key("agentobs_pipeline_duration_seconds_count", "stage", "myPipeline", "success", "false"), 1),
        ],
        ["taskrun_started"] = [(Key("agentobs_task_started_total", "agent_type", "unknown", "task_type", "myTask"), 1)],
        ["taskrun_finished"] =
        [
            (Key("agentobs_task_total", "agent_type", "unknown", "task_type", "myTask", "success", "false"), 1),
            (Key("agentobs_task_duration_seconds_count", "agent_type", "unknown", "task_type", "myTask", "stage", "unknown", "success", "false"), 1),
        ],
        ["change_merged"] = [(Key("agentobs_merges_total", "project", "TestRepo/TestOrg", "first_pass", "true", "rebase_conflict", "false"), 1)],
        ["testcaserun_finished"] = [(Key("agentobs_test_runs_total"), 1), (Key("agentobs_tests_total", "result", "passed"), 1)],
        ["testsuiterun_finished"] = [(Key("agentobs_test_runs_total"), 1)],
        ["build_started"] = [(Key("agentobs_pipeline_stages_started_total", "stage", "build"), 1)],
        ["build_finished"] = [(Key("agentobs_pipeline_duration_seconds_count", "stage", "build", "success", "true"), 1)],
        ["service_deployed"] = [(Key("agentobs_deployments_total", "environment", "test123", "success", "true"), 1)],
        ["service_rolledback"] = [(Key("agentobs_rollbacks_total", "environment", "test123"), 1)],
        ["incident_detected"] = [(Key("agentobs_defects_detected_total", "severity", "unknown", "escaped", "false"), 1)],

        // The same incident (incident-123 of /monitoring/prod1) as incident_detected: one defect, not two.
        ["incident_reported"] = [],
        ["incident_resolved"] =
        [
            (Key("agentobs_defects_resolved_total", "severity", "unknown"), 1),
            (Key("agentobs_defect_resolution_seconds_count"), 1),
        ],
    };

    public static TheoryData<string, string> Cases => new()
    {
        { "v0.4.1", "binary" }, { "v0.4.1", "structured" }, { "v0.5.1", "binary" }, { "v0.5.1", "structured" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_EveryConformanceExample_AcceptedAndMappedOnesProduceTheirMetrics(string version, string mode)
    {
        using var directory = new TempDirectory("cdevents-corpus");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "CloudEvents", "Corpus", "cdevents", version, "conformance"), "*.json")
            .OrderBy(f => Rank(Name(f))).ThenBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(45, files.Count);

        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Name(file);
            var bytes = await File.ReadAllBytesAsync(file);
            var context = JsonNode.Parse(bytes)!["context"]!;
            var type = context["type"]!.GetValue<string>();
            var parts = type.Split('.');
            var id = $"{context["id"]!.GetValue<string>()}/{version}/{name}";

            var response = await sidecar.SendAsync(mode == "binary"
                ? Binary(sidecar, bytes, id, context)
                : Structured(sidecar, bytes, id, context));

            Assert.True(response.Status == HttpStatusCode.OK, $"{version}/{name}: {response}");
            var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
            Assert.True(item.GetProperty("status").GetString() == "accepted", $"{version}/{name}: {response}");
            Assert.Equal(id, item.GetProperty("id").GetString());
            var mapped = Expected.TryGetValue(name, out var series);
            Assert.True(item.GetProperty("events").GetInt32() == (mapped ? 2 : 1), $"{version}/{name}: {response}");

            Add(expected, Key("agentobs_cloudevents_received_total", "subject", parts[2], "predicate", parts[3]), 1);
            foreach (var (key, delta) in series ?? [])
            {
                Add(expected, key, delta);
            }
        }

        Assert.True(Expected.Keys.All(k => files.Any(f => Name(f) == k)), "every expected file exists");
        var metrics = await sidecar.ScrapeUntilAsync(Patience, m => m.SamplesOf("agentobs_cloudevents_received_total").Sum(s => s.Value) == files.Count);
        foreach (var (key, value) in expected)
        {
            Assert.True(metrics.ByKey.TryGetValue(key, out var sample) && sample.Value == value, $"{version} ({mode}): {key} should be {value}, is {(metrics.ByKey.TryGetValue(key, out var s) ? s.Value : "absent")}");
        }

        Assert.Equal(files.Count, metrics.Value("agentobs_inbound_items_total", "kind", "cloudevent", "outcome", "accepted"));
    }

    private static HttpRequestMessage Binary(SidecarProcess sidecar, byte[] cdEvent, string id, JsonNode context)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sidecar.BaseAddress, "/api/v1/cloudevents"))
        {
            Content = new ByteArrayContent(cdEvent),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", Uri.EscapeDataString(id));
        request.Headers.Add("ce-source", context["source"]!.GetValue<string>());
        request.Headers.Add("ce-type", context["type"]!.GetValue<string>());
        request.Headers.Add("ce-time", context["timestamp"]!.GetValue<string>());
        return request;
    }

    private static HttpRequestMessage Structured(SidecarProcess sidecar, byte[] cdEvent, string id, JsonNode context)
    {
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = context["source"]!.GetValue<string>(),
            ["type"] = context["type"]!.GetValue<string>(),
            ["time"] = context["timestamp"]!.GetValue<string>(),
            ["datacontenttype"] = "application/json",
            ["data"] = JsonNode.Parse(cdEvent),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sidecar.BaseAddress, "/api/v1/cloudevents"))
        {
            Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        return request;
    }

    private static int Rank(string name) => name[(name.LastIndexOf('_') + 1)..] switch
    {
        "queued" => 0,
        "started" => 1,
        "detected" => 2,
        "finished" or "resolved" => 4,
        _ => 3,
    };

    private static string Name(string file) => Path.GetFileNameWithoutExtension(file);

    private static string Key(string name, params string[] labels) => MetricsSnapshot.Key(name, labels);

    private static void Add(Dictionary<string, double> totals, string key, double delta) =>
        totals[key] = totals.GetValueOrDefault(key) + delta;
}
