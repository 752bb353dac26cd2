using System.Net;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>The summary is cached, yet an acknowledged event is always in the next answer (the feed catches up first).</summary>
public sealed class SummaryFreshnessTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    [Fact]
    public async Task Summary_EventAcknowledged_IsInTheVeryNextAnswer()
    {
        var sidecar = fixture.Sidecar;
        for (var i = 1; i <= 3; i++)
        {
            var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("ch"), "chain:created", "CH-" + TestEvents.Unique(), TestEvents.T0));
            Assert.Equal(HttpStatusCode.OK, post.Status);
            var summary = await sidecar.GetJsonAsync("/api/v1/summary");
            Assert.Equal(i, summary.GetProperty("chains").Number("total"));
        }
    }
}
