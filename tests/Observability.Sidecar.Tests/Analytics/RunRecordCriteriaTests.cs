using System.Net;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;
using static Observability.Sidecar.Tests.Analytics.AnalyticsHttp;

namespace Observability.Sidecar.Tests.Analytics;

/// <summary>
/// Seed 002's Tier-1 verification criteria 1-4, 6, 8 and 10-12 over real HTTP (5, 7, 13-15 are in
/// <see cref="RunReportCriteriaTests"/>, 9 in <see cref="RunRecordRestartTests"/>). Each test uses runs and work
/// packages of its own, so they share one sidecar.
/// </summary>
public sealed class RunRecordCriteriaTests(PricedSidecarFixture fixture) : IClassFixture<PricedSidecarFixture>
{
    private const string Write = "/api/v1/metrics/ws-execution";
    private static readonly DateTimeOffset T = new(2026, 2, 23, 10, 0, 0, TimeSpan.Zero);

    private SidecarProcess Sidecar => fixture.Sidecar;

    [Fact]
    public async Task Criterion01_WsExecutionRecordCreated_StartAnswers201WithTheRecordAndLocation()
    {
        var id = "run-" + TestEvents.Unique();
        var response = await Sidecar.PostJsonAsync(Write, Start(id, "WP-1", T, ws: "WS-DCW-001"));

        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        Assert.Equal($"/api/v1/metrics/ws-executions/{id}", response.Headers.Location?.OriginalString);
        var record = response.Json.GetProperty("execution");
        Assert.Equal(("STARTED", "WS-DCW-001", "WP-1", "claude_code"),
            (record.GetProperty("status").GetString(), record.GetProperty("ws_id").GetString(), record.GetProperty("wp_id").GetString(), record.GetProperty("executor").GetString()));
        var read = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}");
        Assert.Equal(Iso(T), Iso(read.GetProperty("started_at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Criterion01_StartWithoutExecutionId_GetsAGeneratedId()
    {
        var body = Start("x", "WP-gen", T);
        body.Remove("execution_id");
        var json = await Sidecar.PostOkAsync(Write, body, HttpStatusCode.Created);
        var id = json.GetProperty("execution_id").GetString()!;
        Assert.True(Guid.TryParse(id, out _), id);
        await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}");
    }

    [Fact]
    public async Task Criterion02_PhaseMetricsStored_PhaseCompletionIsInThePhaseList()
    {
        var id = "run-" + TestEvents.Unique();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-2", T), HttpStatusCode.Created);
        var phase = Phase(id, TestEvents.NewId("ph"), "failing_tests", T, T.AddSeconds(270));
        phase["phase"]!["tests_written"] = 6;
        phase["phase"]!["sequence"] = 1;
        await Sidecar.PostOkAsync(Write, phase);

        var stored = Assert.Single((await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}")).GetProperty("phases").EnumerateArray());
        Assert.Equal("failing_tests", stored.GetProperty("name").GetString());
        Assert.Equal(270, stored.Number("duration_seconds"));
        Assert.Equal(6, stored.Number("tests_written"));
        Assert.Equal("pass", stored.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Criterion03_BugFixLinked_FixAppearsOnItsExecution()
    {
        var id = "run-" + TestEvents.Unique();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-3", T), HttpStatusCode.Created);
        var fix = new JsonObject
        {
            ["id"] = "BF-" + TestEvents.Unique(), ["ws_execution_id"] = id, ["autonomous"] = true, ["description"] = "null check",
            ["root_cause"] = "missing guard", ["test_name"] = "test_guard", ["fix_summary"] = "added guard", ["files_modified"] = new JsonArray("a.py"),
        };
        var created = await Sidecar.PostJsonAsync("/api/v1/metrics/bug-fix", fix);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());

        var stored = Assert.Single((await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}")).GetProperty("bug_fixes").EnumerateArray());
        Assert.Equal(fix["id"]!.GetValue<string>(), stored.GetProperty("id").GetString());
        Assert.Equal(id, stored.GetProperty("ws_execution_id").GetString());
        Assert.True(stored.GetProperty("autonomous").GetBoolean());
        Assert.Equal("missing guard", stored.GetProperty("root_cause").GetString());
        Assert.Equal("a.py", stored.GetProperty("files_modified")[0].GetString());

        // The same fix again is a duplicate, not a second fix.
        var again = await Sidecar.PostJsonAsync("/api/v1/metrics/bug-fix", fix);
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal("duplicate", again.Json.GetProperty("events")[0].GetProperty("status").GetString());
        Assert.Single((await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}")).GetProperty("bug_fixes").EnumerateArray());
    }

    [Fact]
    public async Task Criterion03_BugFixForUnknownExecution_Is422NamingTheField()
    {
        var response = await Sidecar.PostJsonAsync("/api/v1/metrics/bug-fix", new JsonObject { ["ws_execution_id"] = "no-such-run", ["autonomous"] = true });
        AssertProblem(response, HttpStatusCode.UnprocessableEntity, "ws_execution_id");
    }

    [Fact]
    public async Task Criterion04_DurationCalculated_CompletedMinusStarted()
    {
        var id = "run-" + TestEvents.Unique();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-4", T), HttpStatusCode.Created);
        var done = await Sidecar.PostOkAsync(Write, Finish(id, "COMPLETED", T.AddMinutes(22).AddSeconds(30)));
        // 10:22:30 - 10:00:00 = 1350 s.
        Assert.Equal(1350, done.GetProperty("execution").Number("duration_seconds"));
        Assert.Equal(Iso(T.AddSeconds(1350)), Iso(done.GetProperty("execution").GetProperty("completed_at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Criterion06_FilteringWorks_WpIdFilterReturnsOnlyMatchingRecords()
    {
        var wp = "WP-" + TestEvents.Unique();
        var (a, b, other) = ("run-" + TestEvents.Unique(), "run-" + TestEvents.Unique(), "run-" + TestEvents.Unique());
        await Sidecar.PostOkAsync(Write, Start(a, wp, T), HttpStatusCode.Created);
        await Sidecar.PostOkAsync(Write, Start(b, wp, T.AddHours(1)), HttpStatusCode.Created);
        await Sidecar.PostOkAsync(Write, Start(other, "WP-other-" + TestEvents.Unique(), T), HttpStatusCode.Created);
        await Sidecar.PostOkAsync(Write, Finish(b, "FAILED", T.AddHours(2)));

        var list = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions?wp_id={wp}");
        Assert.Equal([b, a], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var failed = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions?wp_id={wp}&status=FAILED");
        Assert.Equal([b], failed.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var ranged = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions?wp_id={wp}&from={Iso(T)}&to={Iso(T.AddMinutes(30))}");
        Assert.Equal([a], ranged.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Criterion08_PartialUpdates_PhasesAppendAndCompletionKeepsThem()
    {
        var id = "run-" + TestEvents.Unique();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-8", T), HttpStatusCode.Created);
        await Sidecar.PostOkAsync(Write, Phase(id, TestEvents.NewId("ph"), "failing_tests", T, T.AddMinutes(4)));
        await Sidecar.PostOkAsync(Write, Phase(id, TestEvents.NewId("ph"), "implement", T.AddMinutes(4), T.AddMinutes(18)));
        var done = await Sidecar.PostOkAsync(Write, Finish(id, "COMPLETED", T.AddMinutes(30), rework: 0));

        var record = done.GetProperty("execution");
        Assert.Equal(["failing_tests", "implement"], record.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(("COMPLETED", "WP-8", "WS-T"), (record.GetProperty("status").GetString(), record.GetProperty("wp_id").GetString(), record.GetProperty("ws_id").GetString()));
    }

    [Fact]
    public async Task Criterion10_IdempotentPhaseUpdates_SameEventIdIsReportedDuplicateAndNotAppended()
    {
        var id = "run-" + TestEvents.Unique();
        var eventId = Guid.NewGuid().ToString();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-10", T), HttpStatusCode.Created);
        var first = await Sidecar.PostOkAsync(Write, Phase(id, eventId, "verify", T, T.AddMinutes(4)));
        var second = await Sidecar.PostOkAsync(Write, Phase(id, eventId, "verify", T, T.AddMinutes(5), result: "fail"));

        Assert.Equal("accepted", first.GetProperty("events")[0].GetProperty("status").GetString());
        Assert.Equal("duplicate", second.GetProperty("events")[0].GetProperty("status").GetString());
        var phase = Assert.Single(second.GetProperty("execution").GetProperty("phases").EnumerateArray());
        Assert.Equal("pass", phase.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Criterion10_SameEventIdInTwoRuns_EachRunKeepsItsPhaseUnderAnIdOfBoth()
    {
        // The WS-METRICS contract: (ws_execution_id, event_id) is unique, so another run's event_id is no duplicate. The
        // stored ids are the version-5 UUIDs of the contract, worked out independently with Python's uuid module:
        // uuid5(uuid5(UUID("7e0c3f8a-52d1-4b6e-9a0f-3c1d2b4e5f60"), run), event_id).
        var (a, b) = ("ws-phase-ids-a", "ws-phase-ids-b");
        const string EventId = "550e8400-e29b-41d4-a716-446655440001";
        await Sidecar.PostOkAsync(Write, Start(a, "WP-10b", T), HttpStatusCode.Created);
        await Sidecar.PostOkAsync(Write, Start(b, "WP-10b", T), HttpStatusCode.Created);

        var first = (await Sidecar.PostOkAsync(Write, Phase(a, EventId, "implement", T, T.AddMinutes(4)))).GetProperty("events")[0];
        var second = (await Sidecar.PostOkAsync(Write, Phase(b, EventId, "implement", T, T.AddMinutes(6), result: "fail"))).GetProperty("events")[0];

        Assert.Equal(("accepted", "cbf09b05-f9c0-5688-83e8-d8bbb01bff17", EventId),
            (first.GetProperty("status").GetString(), first.GetProperty("id").GetString(), first.GetProperty("event_id").GetString()));
        Assert.Equal(("accepted", "c4cfea78-b581-5037-8ae0-f96fb83cfce9", EventId),
            (second.GetProperty("status").GetString(), second.GetProperty("id").GetString(), second.GetProperty("event_id").GetString()));
        var phaseOfA = Assert.Single((await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{a}")).GetProperty("phases").EnumerateArray());
        var phaseOfB = Assert.Single((await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{b}")).GetProperty("phases").EnumerateArray());
        Assert.Equal((EventId, "pass", 240.0), (phaseOfA.GetProperty("event_id").GetString(), phaseOfA.GetProperty("result").GetString(), phaseOfA.Number("duration_seconds")));
        Assert.Equal((EventId, "fail", 360.0), (phaseOfB.GetProperty("event_id").GetString(), phaseOfB.GetProperty("result").GetString(), phaseOfB.Number("duration_seconds")));

        // Within a run the event_id is still the idempotency key.
        var again = await Sidecar.PostOkAsync(Write, Phase(b, EventId, "implement", T, T.AddMinutes(9)));
        Assert.Equal("duplicate", again.GetProperty("events")[0].GetProperty("status").GetString());
        Assert.Equal(360, Assert.Single(again.GetProperty("execution").GetProperty("phases").EnumerateArray()).Number("duration_seconds"));
    }

    [Fact]
    public async Task Criterion10_PhaseStoredUnderItsBareEventId_RetryThroughTheEndpointIsADuplicate()
    {
        // A phase stored as the events endpoint (or a build before run-scoped phase ids) stores it: its id is the event_id.
        var id = "run-" + TestEvents.Unique();
        var eventId = Guid.NewGuid().ToString();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-10c", T), HttpStatusCode.Created);
        var bare = TestEvents.Make(eventId, "ws:phase", id, T.AddMinutes(4), new JsonObject { ["phase"] = "verify", ["wsExecutionId"] = id, ["result"] = "pass" });
        Assert.Equal(1, (await Sidecar.PostEventsAsync(bare)).Json.GetProperty("accepted").GetInt32());
        var phasesBefore = (await Sidecar.ScrapeAsync()).ValueOrZero("agentobs_ws_phases_total", "phase", "verify", "result", "pass");

        var retry = await Sidecar.PostOkAsync(Write, Phase(id, eventId, "verify", T, T.AddMinutes(4)));

        Assert.Equal(("duplicate", eventId), (retry.GetProperty("events")[0].GetProperty("status").GetString(), retry.GetProperty("events")[0].GetProperty("event_id").GetString()));
        Assert.Equal(eventId, Assert.Single(retry.GetProperty("execution").GetProperty("phases").EnumerateArray()).GetProperty("event_id").GetString());
        Assert.Equal(phasesBefore, (await Sidecar.ScrapeAsync()).ValueOrZero("agentobs_ws_phases_total", "phase", "verify", "result", "pass"));
    }

    [Fact]
    public async Task Criterion15_CostPerPhase_RunRecordAndCostSummarySplitTheCallsByPhase()
    {
        // Calls stamped on a day of their own, so the cost summary's window holds only them.
        var day = new DateTimeOffset(2030, 5, 5, 10, 0, 0, TimeSpan.Zero);
        var id = "run-" + TestEvents.Unique();
        var ws = "WS-cost-" + TestEvents.Unique();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-15", day, ws), HttpStatusCode.Created);
        JsonObject[] calls =
        [
            // priced-m: 3 $ per million input, 15 $ per million output tokens.
            LlmCall(TestEvents.NewId("call"), "priced-m", 1_000_000, 0, day.AddMinutes(1), id, phase: "implement"),    // 3.00 estimated
            LlmCall(TestEvents.NewId("call"), "priced-m", 0, 100_000, day.AddMinutes(2), id, phase: "verify"),        // 1.50 estimated
            LlmCall(TestEvents.NewId("call"), "vendor-x", 100, 100, day.AddMinutes(3), id, cost: 0.25, phase: "verify"), // 0.25 reported
            LlmCall(TestEvents.NewId("call"), "priced-m", 1_000_000, 0, day.AddMinutes(4), id),                      // 3.00, no phase
        ];
        Assert.Equal(4, (await Sidecar.PostEventsAsync(calls)).Json.GetProperty("accepted").GetInt32());

        var run = await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}");
        var summary = await Sidecar.GetJsonAsync($"/api/v1/metrics/cost-summary?from={Iso(day)}&to={Iso(day.AddHours(1))}");

        foreach (var (where, phases) in new[] { ("run record", run.GetProperty("llm_by_phase")), ("cost summary", summary.GetProperty("by_ws_phase").GetProperty(ws)), ("overall", summary.GetProperty("by_phase")) })
        {
            Assert.Equal(["implement", "unknown", "verify"], phases.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            var implement = phases.GetProperty("implement");
            Assert.Equal((1.0, 1_000_000.0, 0.0, 3.0, 0.0), (implement.Number("calls"), implement.Number("input_tokens"), implement.Number("output_tokens"), implement.Number("cost_usd"), implement.Number("reported_cost_usd")));
            var verify = phases.GetProperty("verify");
            Assert.Equal((2.0, 100.0, 100_100.0), (verify.Number("calls"), verify.Number("input_tokens"), verify.Number("output_tokens")));
            Assert.Equal((1.75, 0.25, 1.5), (verify.Number("cost_usd"), verify.Number("reported_cost_usd"), verify.Number("estimated_cost_usd")));
            Assert.Equal((1.0, 3.0), (phases.GetProperty("unknown").Number("calls"), phases.GetProperty("unknown").Number("cost_usd")));
            Assert.True(phases.EnumerateObject().Sum(p => p.Value.Number("cost_usd")) == 7.75, where);
        }

        Assert.Equal(7.75, run.GetProperty("llm").Number("cost_usd"));
        Assert.Equal(7.75, summary.GetProperty("total").Number("cost_usd"));
    }

    [Theory]
    [InlineData("DONE")]
    [InlineData("completed")]
    [InlineData("")]
    public async Task Criterion11_StatusEnumEnforced_InvalidStatusIs400NamingStatus(string status)
    {
        var response = await Sidecar.PostJsonAsync(Write, new JsonObject { ["execution_id"] = "run-" + TestEvents.Unique(), ["status"] = status });
        AssertProblem(response, HttpStatusCode.BadRequest, "status");
    }

    [Theory]
    [InlineData("review")]
    [InlineData("Verify")]
    public async Task Criterion12_PhaseNameEnumEnforced_InvalidNameIs400NamingPhaseName(string name)
    {
        var id = "run-" + TestEvents.Unique();
        await Sidecar.PostOkAsync(Write, Start(id, "WP-12", T), HttpStatusCode.Created);
        var response = await Sidecar.PostJsonAsync(Write, Phase(id, TestEvents.NewId("ph"), name, T, T.AddMinutes(1)));
        AssertProblem(response, HttpStatusCode.BadRequest, "phase.name");
        Assert.Empty((await Sidecar.GetJsonAsync($"/api/v1/metrics/ws-executions/{id}")).GetProperty("phases").EnumerateArray());
    }
}
