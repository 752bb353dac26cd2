using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>The cardinality cap over real HTTP: what a client sends as a label value never poses as the overflow series.</summary>
public sealed class CardinalityTests
{
    [Fact]
    public async Task LabelValue_ClientSendsTheOverflowValue_KeptApartFromTheRealOverflowSeries()
    {
        using var directory = new TempDirectory("cardinality");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Sidecar:MaxSeriesPerFamily", "3");

        // llm_calls_total{model}: m-a, the reserved value and m-b fill the cap of 3; m-c and m-d fold into the overflow series.
        string[] models = ["m-a", "__overflow__", "m-b", "m-c", "m-d", "__overflow__"];
        var calls = models.Select(m => TestEvents.Make(TestEvents.NewId("call"), "llm:call", "c", TestEvents.T0, agent: TestEvents.Agent(m, "impl", 1, 1))).ToArray();
        var response = await sidecar.PostEventsAsync(calls);
        Assert.True(response.Status == HttpStatusCode.OK && response.Json.GetProperty("accepted").GetInt32() == models.Length, response.ToString());

        // The strict parser fails on a series that appears twice.
        var metrics = await sidecar.ScrapeAsync();

        Assert.Equal(2, metrics.Value("agentobs_llm_calls_total", "model", @"\__overflow__"));
        Assert.Equal(2, metrics.Value("agentobs_llm_calls_total", "model", "__overflow__"));
        Assert.Equal(
            [@"\__overflow__", "__overflow__", "m-a", "m-b"],
            metrics.SamplesOf("agentobs_llm_calls_total").Select(s => s.Label("model")!).Order(StringComparer.Ordinal));
        Assert.Equal(2, metrics.Value("agentobs_metric_series_folded_total", "family", "agentobs_llm_calls_total"));
    }
}
