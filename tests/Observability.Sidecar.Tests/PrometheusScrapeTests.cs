using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The real tools against the running sidecar: Prometheus 2.x (<c>/usr/bin/prometheus</c>) scrapes it and stores
/// the samples and exemplars; <c>promtool check metrics</c> finds nothing to lint in its text exposition.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prometheus_ScrapingTheSidecar_StoresSamplesAndEventIdExemplars()
    {
        using var directory = new TempDirectory("prometheus");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var u = TestEvents.Unique();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var started = TestEvents.Make(TestEvents.NewId("p"), "task:started", $"t-{u}-{i}", TestEvents.T0, new JsonObject { ["taskType"] = "impl", ["agentType"] = $"prom-{u}" });
            var completed = TestEvents.Make(
                TestEvents.NewId("p"), "task:completed", $"t-{u}-{i}", TestEvents.T0.AddMinutes(10 + i),
                new JsonObject { ["taskType"] = "impl", ["stage"] = "build", ["agentType"] = $"prom-{u}" });
            ids.Add(TestEvents.IdOf(completed));
            var response = await sidecar.PostEventsAsync(started, completed);
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        }

        var config = directory.Combine("prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: sidecar
                static_configs:
                  - targets: ['127.0.0.1:{sidecar.Port}']
            """);
        await using var prometheus = ChildProcess.Start(
            "prometheus",
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={directory.Combine("tsdb")}",
                // The kernel picks the port as it binds (logged at info): a probed free port could be taken meanwhile.
                $"--web.listen-address={ListeningPort.AnyLoopbackPort}",
                "--enable-feature=exemplar-storage",
                "--log.level=info",
            ],
            workingDirectory: directory.Path);
        var port = await ListeningPort.ReadAsync(prometheus, "Prometheus", Bound);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var label = $"agent_type=\"prom-{u}\",task_type=\"impl\",success=\"true\"";

        var up = await PollAsync(http, prometheus, "api/v1/query?query=" + Uri.EscapeDataString("up{job=\"sidecar\"}"), data => Scalar(data) == 1);
        var total = await PollAsync(http, prometheus, "api/v1/query?query=" + Uri.EscapeDataString($"agentobs_task_total{{{label}}}"), data => Scalar(data) == 3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var exemplars = await PollAsync(
            http,
            prometheus,
            "api/v1/query_exemplars?query=" + Uri.EscapeDataString($"agentobs_task_duration_seconds_bucket{{{label}}}")
                + $"&start={(now - 600).ToString(CultureInfo.InvariantCulture)}&end={(now + 600).ToString(CultureInfo.InvariantCulture)}",
            data => ExemplarEventIds(data).Any(ids.Contains));

        Assert.Equal(1, Scalar(up));
        Assert.Equal(3, Scalar(total));
        var stored = ExemplarEventIds(exemplars).ToList();
        Assert.All(stored, id => Assert.Contains(id, ids));

        // The target is healthy from Prometheus' side too.
        var targets = await GetDataAsync(http, "api/v1/targets");
        var target = targets!.Value.GetProperty("activeTargets").EnumerateArray().Single();
        Assert.Equal("up", target.GetProperty("health").GetString());
        Assert.Equal(string.Empty, target.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Promtool_CheckMetricsOnTheLiveExposition_IsClean()
    {
        using var directory = new TempDirectory("promtool");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));

        // Something in every kind of family: counters, gauges, histograms, labelled and not.
        var u = TestEvents.Unique();
        var response = await sidecar.PostEventsAsync(
            TestEvents.Make(TestEvents.NewId("pt"), "task:started", $"t-{u}", TestEvents.T0, new JsonObject { ["agentType"] = "impl" }),
            TestEvents.Make(TestEvents.NewId("pt"), "task:completed", $"t-{u}", TestEvents.T0.AddMinutes(7), new JsonObject { ["agentType"] = "impl", ["taskType"] = "spec", ["stage"] = "build" }, TestEvents.Agent("model \"x\"\\n", "impl", 10, 20)),
            TestEvents.Make(TestEvents.NewId("pt"), "coverage:reported", "repo", TestEvents.T0, new JsonObject { ["percent"] = 80 }),
            TestEvents.Make(TestEvents.NewId("pt"), "human:intervention", "t", TestEvents.T0, new JsonObject { ["reason"] = "line\nbreak and \"quotes\"" }),
            TestEvents.Make(TestEvents.NewId("pt"), "workitem:merged", "wi", TestEvents.T0, new JsonObject { ["attempts"] = 2 }),
            TestEvents.Make(TestEvents.NewId("pt"), "ws:phase", "wsx", TestEvents.T0, new JsonObject { ["phase"] = "verify", ["wsExecutionId"] = "wsx" }));
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var text = (await sidecar.GetAsync("/metrics", "text/plain")).Body;
        Assert.StartsWith("# HELP ", text, StringComparison.Ordinal);

        await using var promtool = ChildProcess.Start("promtool", ["check", "metrics"], workingDirectory: directory.Path, redirectStandardInput: true);
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();

        Assert.True(await promtool.WaitForExitAsync(Bound), "promtool did not finish");
        Assert.True(promtool.ExitCode == 0 && promtool.Output.Length == 0, $"promtool exited {promtool.ExitCode}:\n{promtool.Output}");
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, ChildProcess prometheus, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Bound;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(prometheus.HasExited, $"Prometheus exited:\n{prometheus.Output}");
            last = await GetDataAsync(http, path);
            if (last is { } data && done(data))
            {
                return data;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException($"Prometheus never answered as expected on {path}; last data: {last}. Prometheus:\n{prometheus.Output}");
    }

    private static async Task<JsonElement?> GetDataAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.GetProperty("data").Clone();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static double? Scalar(JsonElement data) =>
        data.GetProperty("result") is { ValueKind: JsonValueKind.Array } result && result.GetArrayLength() == 1
            ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
            : null;

    private static List<string> ExemplarEventIds(JsonElement data) =>
        data.ValueKind != JsonValueKind.Array
            ? []
            : data.EnumerateArray()
                .SelectMany(series => series.GetProperty("exemplars").EnumerateArray())
                .Select(e => e.GetProperty("labels").TryGetProperty("event_id", out var id) ? id.GetString()! : string.Empty)
                .ToList();
}
