using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Proposals;

/// <summary>
/// Proposals over real HTTP on a real sidecar, findings posted as the finding contract's events: proposed at or above
/// the minimum severity, approved, rejected (a second decision 409), withdrawn when the finding closes first, unknown
/// (404), and the same after a SIGKILL (replay) and a clean restart (snapshot).
/// </summary>
public sealed class ProposalsApiTests
{
    private const string Repeated = "f-0a0b0c0d0e0f1011";
    private const string Stuck = "f-1111222233334444";
    private const string Stale = "f-5555666677778888";
    private const string Info = "f-9999aaaabbbbcccc";

    [Fact]
    public async Task Proposals_FindingsDecidedAndWithdrawn_AnswerTheirStatusAcrossRestarts()
    {
        using var directory = new TempDirectory("proposals-api");
        var data = directory.Combine("data");
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            var posted = await sidecar.PostEventsAsync(
                FindingEvents.Opened(
                    Repeated, "repeated_failure", "warning", "task", "T-42", TestEvents.T0, ["e-1", "e-2", "e-3", "e-4"], new JsonObject { ["failures_24h"] = 4, ["threshold"] = 3 },
                    summary: "Task T-42 failed 4 times in 24 hours"),
                FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "verify", TestEvents.T0, summary: "Stage verify has had a run in progress for 9 hours"),
                FindingEvents.Opened(Stale, "stale_task", "warning", "task", "T-7", TestEvents.T0, summary: "Task T-7 was created 80 hours ago and not started"),
                FindingEvents.Opened(Info, "skipped_tests_rising", "info", "test", "suite", TestEvents.T0, summary: "Skipped tests rose"));
            Assert.Equal(4, posted.Json.GetProperty("accepted").GetInt32());

            var list = await sidecar.GetAsync("/api/v1/proposals?status=pending");
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.Equal(
                ["p-0a0b0c0d0e0f1011", "p-1111222233334444", "p-5555666677778888"],
                list.Json.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
            var one = (await sidecar.GetAsync("/api/v1/proposals/p-0a0b0c0d0e0f1011")).Json;
            Assert.Equal("improve_task_description", one.GetProperty("kind").GetString());
            Assert.Equal("Improve the task description: Task T-42 failed 4 times in 24 hours", one.GetProperty("title").GetString());
            Assert.Equal(
                ["finding:opened:f-0a0b0c0d0e0f1011"], one.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["e-1", "e-2", "e-3", "e-4"], one.GetProperty("evidence").GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains("| failures_24h | 4 |", one.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal("/api/v1/findings/f-0a0b0c0d0e0f1011", one.GetProperty("links").GetProperty("finding").GetString());
            Assert.Equal(3, one.GetProperty("acceptance_criteria").GetArrayLength());

            // Approve, then approve again and reject: only the first decision counts.
            var approved = await DecideAsync(sidecar, "p-0a0b0c0d0e0f1011", "approve", """{"by":"ana","reason":"clear win"}""");
            Assert.Equal(HttpStatusCode.OK, approved.Status);
            Assert.Equal("approved", approved.Json.GetProperty("status").GetString());
            Assert.Equal("ana", approved.Json.GetProperty("decision").GetProperty("by").GetString());
            await AssertConflictAsync(await DecideAsync(sidecar, "p-0a0b0c0d0e0f1011", "approve"), "approved");
            await AssertConflictAsync(await DecideAsync(sidecar, "p-0a0b0c0d0e0f1011", "reject"), "approved");

            var rejected = await DecideAsync(sidecar, "p-1111222233334444", "reject", """{"reason":"known, being fixed"}""");
            Assert.Equal("rejected", rejected.Json.GetProperty("status").GetString());
            await AssertConflictAsync(await DecideAsync(sidecar, "p-1111222233334444", "reject"), "rejected");

            // The stale task's finding clears before anyone decides: withdrawn, and no longer decidable.
            Assert.Equal(HttpStatusCode.OK, (await sidecar.PostEventsAsync(FindingEvents.Closed(Stale, "stale_task", TestEvents.T0.AddHours(1)))).Status);
            var withdrawn = (await sidecar.GetAsync("/api/v1/proposals/p-5555666677778888")).Json;
            Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
            Assert.Equal(
                "finding f-5555666677778888 closed (cleared) at 2025-12-07T11:00:00Z before the proposal was decided",
                withdrawn.GetProperty("withdrawn_reason").GetString());
            await AssertConflictAsync(await DecideAsync(sidecar, "p-5555666677778888", "approve"), "withdrawn");

            // Unknown ids and statuses, bad bodies.
            var unknown = await DecideAsync(sidecar, "p-ffffffffffffffff", "approve");
            Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
            Assert.Equal("application/problem+json", unknown.ContentType);
            Assert.Equal("id", unknown.Json.GetProperty("field").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await sidecar.GetAsync("/api/v1/proposals/p-nothing")).Status);
            var badStatus = await sidecar.GetAsync("/api/v1/proposals?status=open");
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.Status);
            Assert.Equal("status", badStatus.Json.GetProperty("field").GetString());
            var badBody = await DecideAsync(sidecar, "p-5555666677778888", "approve", """{"by":42}""");
            Assert.Equal(HttpStatusCode.BadRequest, badBody.Status);
            Assert.Equal("by", badBody.Json.GetProperty("field").GetString());

            await AssertStatusesAsync(sidecar);
            await sidecar.KillAsync();
        }

        // After a SIGKILL (replay of the log), then after a clean stop (the snapshot): the same answers.
        for (var start = 0; start < 2; start++)
        {
            await using var sidecar = await SidecarProcess.StartAsync(data);
            await AssertStatusesAsync(sidecar);
            await AssertConflictAsync(await DecideAsync(sidecar, "p-0a0b0c0d0e0f1011", "reject"), "approved");
            Assert.Equal(0, await sidecar.StopAsync());
        }
    }

    private static async Task AssertStatusesAsync(SidecarProcess sidecar)
    {
        var all = (await sidecar.GetAsync("/api/v1/proposals")).Json;
        Assert.Equal(
            ["p-0a0b0c0d0e0f1011:approved", "p-1111222233334444:rejected", "p-5555666677778888:withdrawn"],
            all.GetProperty("proposals").EnumerateArray().Select(p => $"{p.GetProperty("id").GetString()}:{p.GetProperty("status").GetString()}"));
        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(1, metrics.Value("agentobs_proposals", "status", "approved"));
        Assert.Equal(1, metrics.Value("agentobs_proposals", "status", "rejected"));
        Assert.Equal(1, metrics.Value("agentobs_proposals", "status", "withdrawn"));
        Assert.Equal(0, metrics.Value("agentobs_proposals", "status", "pending"));
        Assert.Equal(0, metrics.Value("agentobs_proposal_deliveries_total", "tracker", "github", "outcome", "delivered"));
    }

    internal static Task<SidecarResponse> DecideAsync(SidecarProcess sidecar, string id, string verb, string? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/v1/proposals/{id}/{verb}", UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return sidecar.SendAsync(request);
    }

    private static Task AssertConflictAsync(SidecarResponse response, string status)
    {
        Assert.True(response.Status == HttpStatusCode.Conflict, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(409, response.Json.GetProperty("status").GetInt32());
        Assert.Equal(status, response.Json.GetProperty("proposal_status").GetString());
        return Task.CompletedTask;
    }
}
