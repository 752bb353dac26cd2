using System.Globalization;
using System.Text.Json.Nodes;
using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// A counter whose label values are known in advance (the catalogue's work-statement phases and results) is at 0 from
/// the first scrape, so a real Prometheus' <c>increase()</c> counts the first event: a series born at 1 has no step.
/// </summary>
public sealed class KnownLabelSetTests
{
    private const string Series = "agentobs_ws_phases_total{phase=\"verify\",result=\"fail\"}";

    [Fact]
    public async Task FirstEventOfAKnownLabelSet_IsSeenByIncrease()
    {
        await using var stack = await OpsStack.StartSidecarAsync();
        await stack.StartMonitoringAsync();
        await stack.UntilAsync("the series at 0 in Prometheus before any event", async () =>
        {
            var samples = await stack.QueryAsync(Series);
            return (samples.Count == 1 && samples[0].GetProperty("value")[1].GetString() == "0", $"{samples.Count} samples");
        }, TimeSpan.FromSeconds(30));

        var run = $"ws-{TestEvents.Unique()}";
        var post = await stack.Sidecar.PostEventsAsync(TestEvents.Make(
            TestEvents.NewId("phase"), "ws:phase", run, DateTimeOffset.UtcNow, new JsonObject { ["phase"] = "verify", ["wsExecutionId"] = run, ["result"] = "fail" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, post.Status);

        await stack.UntilAsync("increase() to count the first event", async () =>
        {
            var increase = await stack.QueryAsync($"increase({Series}[30s])");
            var value = increase.Count == 1 ? double.Parse(increase[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) : 0;
            return (value >= 1, $"increase: {value}");
        }, TimeSpan.FromSeconds(30));
    }
}
