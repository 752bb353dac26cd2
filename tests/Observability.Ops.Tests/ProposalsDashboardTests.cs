using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// The proposals dashboard's queries on a real Prometheus scraping a real sidecar: three findings proposed, one
/// approved (its delivery to a webhook that refuses connections failing and retried), one rejected, one pending;
/// each panel's query answers the counts those make, per status and per tracker.
/// </summary>
public sealed class ProposalsDashboardTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task ProposalsDashboard_ApprovedRejectedPendingAndAFailingTracker_EachPanelAnswersTheirCounts()
    {
        var nobody = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/hook";
        await using var stack = await OpsStack.StartSidecarAsync(
            "--Proposals:Webhook:Url", nobody, "--Proposals:BaseDelaySeconds", "0.2", "--Proposals:MaxDelaySeconds", "0.5");
        var sidecar = stack.Sidecar;
        var post = await sidecar.PostEventsAsync([.. new[] { "e1", "e2", "e3" }.Select((suffix, i) => Finding($"f-00000000000000{suffix}", i))]);
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(sidecar, "p-00000000000000e1", "approve")).Status);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(sidecar, "p-00000000000000e2", "reject")).Status);
        await stack.StartMonitoringAsync();

        var dashboard = Dashboard.All().Single(d => d.Uid == "agentobs-proposals");
        string Query(string title) => Dashboard.Resolve(dashboard.Panels.Single(p => p.Title == title).Exprs.Single(), "1m");
        await stack.UntilAsync("the proposals panels to answer the scenario's counts", async () =>
        {
            var pending = await stack.QueryAsync(Query("Pending proposals"));
            var byStatus = await stack.QueryAsync(Query("Proposals by status"));
            var undelivered = await stack.QueryAsync(Query("Approved, not yet delivered"));
            var deliveries = await stack.QueryAsync(Query("Deliveries by tracker and outcome"));
            var statuses = byStatus.ToDictionary(s => s.GetProperty("metric").GetProperty("status").GetString()!, Value, StringComparer.Ordinal);
            var trackers = undelivered.ToDictionary(s => s.GetProperty("metric").GetProperty("tracker").GetString()!, Value, StringComparer.Ordinal);
            var failing = deliveries.Where(s => s.GetProperty("metric").GetProperty("tracker").GetString() == "webhook"
                && s.GetProperty("metric").GetProperty("outcome").GetString() == "failed").Select(Value).SingleOrDefault();
            var state = $"pending {string.Join(",", pending.Select(Value))}; statuses {string.Join(",", statuses)}; undelivered {string.Join(",", trackers)}; failing {failing}; {deliveries.Count} delivery series";
            var done = pending.Count == 1 && Value(pending[0]) == 1
                && statuses.Count == 5 && statuses["pending"] == 1 && statuses["approved"] == 1 && statuses["rejected"] == 1 && statuses["delivered"] == 0 && statuses["withdrawn"] == 0
                && trackers.GetValueOrDefault("webhook") == 1 && trackers.GetValueOrDefault("github") == 0
                && failing > 0 && deliveries.Count == 6;
            return (done, state);
        }, Patience);
    }

    private static double Value(System.Text.Json.JsonElement sample) =>
        double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    private static JsonObject Finding(string id, int i) => FindingEvents.Opened(id, "stuck_phase", "critical", "stage", $"stage-{i}", DateTimeOffset.UtcNow);

    private static Task<SidecarResponse> DecideAsync(SidecarProcess sidecar, string id, string verb) => sidecar.SendAsync(
        new HttpRequestMessage(HttpMethod.Post, new Uri($"api/v1/proposals/{id}/{verb}", UriKind.Relative)) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
}
