using System.Net;
using System.Text.Json.Nodes;
using Observability.Ingestion.Catalogue;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// Every catalogued event type, posted as a valid example to the running sidecar, changes exactly the samples
/// <c>default-mapping.yaml</c> maps it to, by exactly the expected amounts (read from the parsed text exposition).
/// </summary>
public sealed class EventMappingTests(SidecarFixture fixture) : IClassFixture<SidecarFixture>
{
    private static readonly double[] TaskBuckets = [60, 300, 900, 1800, 3600];
    private static readonly double[] PipelineBuckets = [10, 30, 60, 120, 300];
    private static readonly double[] LeadTimeBuckets = [3600, 14400, 43200, 86400, 172800, 432000, 864000];
    private static readonly double[] MergeAttemptBuckets = [1, 2, 3, 4, 5, 8];
    private static readonly double[] TestRunBuckets = [30, 60, 120, 300, 600, 1200, 1800];
    private static readonly double[] TurnaroundBuckets = [600, 1800, 3600, 7200, 14400, 28800, 86400];
    private static readonly double[] PrSizeBuckets = [50, 100, 250, 500, 1000, 2000, 5000];
    private static readonly double[] DetectionBuckets = [3600, 21600, 86400, 172800, 604800];
    private static readonly double[] ResolutionBuckets = [3600, 14400, 28800, 86400, 172800];

    /// <summary>A valid example of each catalogued type (with its start event where a duration is derived) and its samples.</summary>
    private static readonly Dictionary<string, Func<string, (JsonObject[] Events, ExpectedSamples Expected)>> Scenarios = new(StringComparer.Ordinal)
    {
        ["task:created"] = u => (
            [Event("task:created", $"task-{u}", 0, Meta(("taskType", $"spec-{u}")))],
            new ExpectedSamples().Inc("task_created_total", 1, "task_type", $"spec-{u}")),
        ["task:started"] = u => (
            [Event("task:started", $"task-{u}", 0, Meta(("taskType", $"spec-{u}"), ("stage", "build"), ("agentType", $"impl-{u}")))],
            new ExpectedSamples().Inc("task_started_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}")),
        ["task:completed"] = u => (
            [
                Event("task:started", $"task-{u}", 0, Meta(("taskType", $"spec-{u}"), ("stage", "build"), ("agentType", $"impl-{u}"))),
                Event(
                    "task:completed", $"task-{u}", 1200,
                    Meta(("taskType", $"spec-{u}"), ("stage", "build"), ("agentType", $"impl-{u}"), ("costUsd", 0.25)),
                    TestEvents.Agent($"model-{u}", "impl", input: 1000, output: 200)),
            ],
            new ExpectedSamples()
                .Inc("task_started_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}")
                .Inc("task_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "success", "true")
                .Observe("task_duration_seconds", TaskBuckets, [1200], "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "stage", "build", "success", "true")
                .Inc("llm_tokens_total", 1000, "model", $"model-{u}", "direction", "input")
                .Inc("llm_tokens_total", 200, "model", $"model-{u}", "direction", "output")
                .Inc("llm_cost_usd_total", 0.25, "model", $"model-{u}")
                .Set("ai_success_rate", 1, "agent_type", $"impl-{u}")),
        ["task:failed"] = u => (
            [Event("task:failed", $"task-{u}", 0, Meta(
                ("taskType", $"spec-{u}"), ("stage", $"stage-{u}"), ("agentType", $"impl-{u}"), ("failureType", "timeout"), ("durationSeconds", 45)))],
            new ExpectedSamples()
                .Inc("task_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "success", "false")
                .Observe("task_duration_seconds", TaskBuckets, [45], "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "stage", $"stage-{u}", "success", "false")
                .Inc("task_failures_total", 1, "stage", $"stage-{u}", "failure_type", "timeout")
                .Set("ai_success_rate", 0, "agent_type", $"impl-{u}")),
        ["task:rework"] = u => (
            [Event("task:rework", $"task-{u}", 0, Meta(("taskType", $"spec-{u}"), ("agentType", $"impl-{u}"), ("reason", "tests missing")))],
            new ExpectedSamples().Inc("task_reworks_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}")),
        ["chain:created"] = u => (
            [Event("chain:created", $"CHAIN-{u}", 0)],
            new ExpectedSamples().Inc("chains_created_total", 1)),
        ["chain:completed"] = u => (
            [Event("chain:completed", $"CHAIN-{u}", 0)],
            new ExpectedSamples().Inc("chains_completed_total", 1)),
        ["request:created"] = u => (
            [Event("request:created", $"CR-{u}", 0)],
            new ExpectedSamples().Inc("requests_created_total", 1)),
        ["request:closed"] = u => (
            [Event("request:created", $"CR-{u}", 0), Event("request:closed", $"CR-{u}", 129_600)],
            new ExpectedSamples()
                .Inc("requests_created_total", 1)
                .Inc("requests_closed_total", 1)
                .Observe("request_lead_time_seconds", LeadTimeBuckets, [129_600])),
        ["pipeline:started"] = u => (
            [Event("pipeline:started", $"run-{u}", 0, Meta(("stage", $"compile-{u}")))],
            new ExpectedSamples().Inc("pipeline_stages_started_total", 1, "stage", $"compile-{u}")),
        ["pipeline:completed"] = u => (
            [
                Event("pipeline:started", $"run-{u}", 0, Meta(("stage", $"compile-{u}"))),
                Event("pipeline:completed", $"run-{u}", 45, Meta(("stage", $"compile-{u}"), ("success", false), ("failureType", "compiler_error"))),
            ],
            new ExpectedSamples()
                .Inc("pipeline_stages_started_total", 1, "stage", $"compile-{u}")
                .Observe("pipeline_duration_seconds", PipelineBuckets, [45], "stage", $"compile-{u}", "success", "false")
                .Inc("pipeline_failures_total", 1, "stage", $"compile-{u}", "failure_type", "compiler_error")),
        ["coverage:reported"] = u => (
            [Event("coverage:reported", $"repo-{u}", 0, Meta(("percent", 87.5), ("project", $"proj-{u}")))],
            new ExpectedSamples().Set("code_coverage_percent", 87.5)),
        ["lint:reported"] = u => (
            [Event("lint:reported", $"lint-{u}", 0, Meta(("severity", "warning"), ("count", 7)))],
            new ExpectedSamples().Inc("lint_errors_total", 7, "severity", "warning")),
        ["test:run"] = u => (
            [Event("test:run", $"suite-{u}", 0, Meta(("passed", 40), ("failed", 2), ("skipped", 3), ("flaky", 1), ("durationSeconds", 95)))],
            new ExpectedSamples()
                .Inc("test_runs_total", 1)
                .Inc("tests_total", 40, "result", "passed")
                .Inc("tests_total", 2, "result", "failed")
                .Inc("tests_total", 3, "result", "skipped")
                .Inc("tests_total", 1, "result", "flaky")
                .Observe("test_run_duration_seconds", TestRunBuckets, [95])),
        ["human:intervention"] = u => (
            [Event("human:intervention", $"task-{u}", 0, Meta(("reason", $"stuck-{u}")))],
            new ExpectedSamples().Inc("human_interventions_total", 1, "reason", $"stuck-{u}")),
        ["ai:code"] = u => (
            [Event("ai:code", $"task-{u}", 0, Meta(("linesGenerated", 120), ("linesAccepted", 90)), TestEvents.Agent($"model-{u}", $"impl-{u}"))],
            new ExpectedSamples()
                .Inc("ai_code_lines_generated_total", 120, "agent_type", $"impl-{u}")
                .Inc("ai_code_lines_accepted_total", 90, "agent_type", $"impl-{u}")),
        ["llm:call"] = u => (
            [Event(
                "llm:call", $"call-{u}", 0,
                Meta(("costUsd", 0.042), ("wsExecutionId", $"wsx-{u}"), ("phase", "implement")),
                TestEvents.Agent($"model-{u}", "impl", input: 1500, output: 300))],
            new ExpectedSamples()
                .Inc("llm_tokens_total", 1500, "model", $"model-{u}", "direction", "input")
                .Inc("llm_tokens_total", 300, "model", $"model-{u}", "direction", "output")
                .Inc("llm_cost_usd_total", 0.042, "model", $"model-{u}")
                .Inc("llm_calls_total", 1, "model", $"model-{u}")),
        ["workitem:reviewed"] = u => (
            [Event("workitem:reviewed", $"wi-{u}", 0, Meta(("verdict", "changes_requested"), ("project", $"proj-{u}")))],
            new ExpectedSamples().Inc("reviews_total", 1, "verdict", "changes_requested")),
        ["workitem:merged"] = u => (
            [Event("workitem:merged", $"wi-{u}", 0, Meta(("attempts", 1), ("project", $"proj-{u}")))],
            new ExpectedSamples()
                .Inc("merges_total", 1, "project", $"proj-{u}", "first_pass", "true", "rebase_conflict", "false")
                .Observe("merge_attempts", MergeAttemptBuckets, [1], "project", $"proj-{u}")),
        ["threshold:crossed"] = u => (
            [Event("threshold:crossed", $"trust:proj-{u}", 0, Meta(("threshold", "trust"), ("direction", "regained"), ("project", $"proj-{u}"), ("value", 0.86), ("n", 50), ("window", 50)))],
            new ExpectedSamples().Inc("threshold_crossings_total", 1, "threshold", "trust", "direction", "regained")),
        ["deployment:completed"] = u => (
            [Event("deployment:completed", $"deploy-{u}", 0, Meta(("environment", $"staging-{u}"), ("success", true), ("durationSeconds", 30)))],
            new ExpectedSamples().Inc("deployments_total", 1, "environment", $"staging-{u}", "success", "true")),
        ["deployment:rolledback"] = u => (
            [Event("deployment:rolledback", $"deploy-{u}", 0, Meta(("environment", $"prod-{u}"), ("reason", "error budget")))],
            new ExpectedSamples().Inc("rollbacks_total", 1, "environment", $"prod-{u}")),
        ["defect:detected"] = u => (
            [Event("defect:detected", $"bug-{u}", 0, Meta(("severity", $"sev-{u}"), ("introducedAt", TestEvents.Iso(TestEvents.T0.AddHours(-2))), ("escaped", true)))],
            new ExpectedSamples()
                .Inc("defects_detected_total", 1, "severity", $"sev-{u}", "escaped", "true")
                .Observe("defect_detection_seconds", DetectionBuckets, [7200])),
        ["defect:resolved"] = u => (
            [
                Event("defect:detected", $"bug-{u}", 0, Meta(("severity", $"sev-{u}"), ("introducedAt", TestEvents.Iso(TestEvents.T0.AddHours(-2))))),
                Event("defect:resolved", $"bug-{u}", 18_000, Meta(("severity", $"sev-{u}"))),
            ],
            new ExpectedSamples()
                .Inc("defects_detected_total", 1, "severity", $"sev-{u}", "escaped", "false")
                .Observe("defect_detection_seconds", DetectionBuckets, [7200])
                .Inc("defects_resolved_total", 1, "severity", $"sev-{u}")
                .Observe("defect_resolution_seconds", ResolutionBuckets, [18_000])),
        ["review:completed"] = u => (
            [Event("review:completed", $"pr-{u}", 0, Meta(("turnaroundSeconds", 2700), ("prSizeLines", 320)))],
            new ExpectedSamples()
                .Inc("reviews_completed_total", 1)
                .Observe("review_turnaround_seconds", TurnaroundBuckets, [2700])
                .Observe("pull_request_size_lines", PrSizeBuckets, [320])),
        ["ws:execution"] = u => (
            [Event("ws:execution", $"wsx-{u}", 0, Meta(("status", "HARD_STOP"), ("wsId", "WS-DCW-001"), ("wpId", "WP-1"), ("executor", "claude_code"), ("reworkCycles", 2)))],
            new ExpectedSamples().Inc("ws_executions_total", 1, "status", "HARD_STOP")),
        ["ws:phase"] = u => (
            [Event("ws:phase", $"wsx-{u}", 0, Meta(("phase", "verify"), ("wsExecutionId", $"wsx-{u}"), ("result", "pass"), ("durationSeconds", 12)))],
            new ExpectedSamples().Inc("ws_phases_total", 1, "phase", "verify", "result", "pass")),
        ["bug:fixed"] = u => (
            [Event("bug:fixed", $"bug-{u}", 0, Meta(("wsExecutionId", $"wsx-{u}"), ("autonomous", true)))],
            new ExpectedSamples().Inc("bug_fixes_total", 1, "autonomous", "true")),

        // Declarations map to no counter; the experiments and goals projections bring their gauges into existence.
        ["experiment:declared"] = u => (
            [Event("experiment:declared", $"e-{u}", 0, new JsonObject
            {
                ["name"] = $"e-{u}",
                ["dimension"] = "promptVariant",
                ["variants"] = new JsonArray(new JsonObject { ["name"] = "a", ["control"] = true }, new JsonObject { ["name"] = "b" }),
                ["filter"] = new JsonObject { ["project"] = $"p-{u}" },
            })],
            DeclaredExperiment($"e-{u}")),
        ["experiment:exposed"] = u => (
            [Event("experiment:exposed", $"undeclared-{u}", 0, Meta(("unit", $"task-{u}"), ("variant", "a")))],
            new ExpectedSamples()),
        ["goal:declared"] = u => (
            [Event("goal:declared", $"g-{u}", 0, new JsonObject { ["name"] = $"g-{u}", ["targetCount"] = 3, ["filter"] = new JsonObject { ["project"] = $"p-{u}" } })],
            DeclaredGoal($"g-{u}")),

        // A finding of a kind outside the review's documented set (another writer's) is counted in no findings gauge, and
        // at warning it proposes a task (agentobs_proposals{status="pending"});
        // the review's own kinds are counted in agentobs_findings_open (Review/ReviewApiTests).
        ["finding:opened"] = u => (
            [Event("finding:opened", $"f-{u}", 0, Meta(("findingId", $"f-{u}"), ("kind", "custom_check"), ("severity", "warning"), ("subjectType", "task"), ("subject", $"t-{u}")))],
            new ExpectedSamples().Inc("proposals", 1, "status", "pending")),
        ["finding:closed"] = u => (
            [Event("finding:closed", $"f-{u}", 0, Meta(("findingId", $"f-{u}"), ("reason", "cleared")))],
            new ExpectedSamples()),
        // Decisions and deliveries of a proposal no finding proposed are ignored: nothing changes.
        ["proposal:approved"] = u => (
            [Event("proposal:approved", $"p-{u}", 0, Meta(("proposalId", $"p-{u}"), ("by", "ana")))],
            new ExpectedSamples()),
        ["proposal:rejected"] = u => (
            [Event("proposal:rejected", $"p-{u}", 0, Meta(("proposalId", $"p-{u}")))],
            new ExpectedSamples()),
        ["proposal:delivered"] = u => (
            [Event("proposal:delivered", $"p-{u}", 0, Meta(("proposalId", $"p-{u}"), ("tracker", "github"), ("outcome", "delivered"), ("issueNumber", 3)))],
            new ExpectedSamples()),
        // The learning projection counts runs and outcomes; a run without rules and an outcome naming none move nothing else.
        ["reflection:run"] = u => (
            [Event("reflection:run", $"reflection:demand:{u}", 0, Meta(("runId", $"reflection:demand:{u}"), ("trigger", "demand")))],
            new ExpectedSamples()
                .Inc("learning_reflection_runs_total", 1, "trigger", "demand")
                .Set("learning_last_reflection_timestamp_seconds", TestEvents.T0.ToUnixTimeSeconds())),
        ["context:outcome"] = u => (
            [Event("context:outcome", $"task-{u}", 0, Meta(("outcome", "success")))],
            new ExpectedSamples().Inc("learning_context_outcomes_total", 1, "outcome", "success")),
        ["pipeline:queued"] = u => (
            [Event("pipeline:queued", $"run-{u}", 0, Meta(("stage", $"release-{u}")))],
            new ExpectedSamples().Inc("pipeline_runs_queued_total", 1, "stage", $"release-{u}")),
        ["cloudevent:received"] = u => (
            [Event("cloudevent:received", $"ce-{u}", 0, Meta(
                ("cloudEventType", "dev.cdevents.artifact.published.0.3.0"), ("cloudEventSource", "/ci"), ("cloudEventId", $"ce-{u}"),
                ("cdeventSubject", $"artifact-{u}"), ("cdeventPredicate", "published")))],
            new ExpectedSamples().Inc("cloudevents_received_total", 1, "subject", $"artifact-{u}", "predicate", "published")),
        ["agent:event"] = u => (
            [Event("agent:event", $"session-{u}", 0, Meta(
                ("source", "claude-code"), ("name", "claude_code.tool_decision"), ("kind", "tool_decision"), ("tool", $"tool-{u}"),
                ("decision", "reject"), ("decisionSource", "user_reject")))],
            new ExpectedSamples()
                .Inc("agent_events_total", 1, "agent", "claude-code", "name", "claude_code.tool_decision")
                .Inc("agent_tool_decisions_total", 1, "agent", "claude-code", "tool", $"tool-{u}", "decision", "reject", "source", "user_reject")),
        ["agent:usage"] = u => (
            [Event("agent:usage", $"session-{u}", 0, Meta(
                ("source", "claude-code"), ("metric", "claude_code.cost.usage"), ("value", 0.5), ("temporality", "cumulative"), ("series", $"series-{u}"),
                ("startTime", "1")), TestEvents.Agent($"model-{u}", "impl"))],
            new ExpectedSamples().Inc("agent_cost_usd_total", 0.5, "agent", "claude-code", "model", $"model-{u}")),
    };

    // Empty arms: no units, no rate, too little data for a verdict; the split cannot be checked yet.
    private static ExpectedSamples DeclaredExperiment(string name)
    {
        var expected = new ExpectedSamples().Set("experiment_sample_ratio_mismatch", 0, "experiment", name);
        foreach (var variant in new[] { "a", "b" })
        {
            expected.Set("experiment_variant_units", 0, "experiment", name, "variant", variant)
                .Set("experiment_variant_rate_ratio", double.NaN, "experiment", name, "variant", variant)
                .Set("experiment_variant_rate_lower_ratio", double.NaN, "experiment", name, "variant", variant)
                .Set("experiment_variant_rate_upper_ratio", double.NaN, "experiment", name, "variant", variant);
        }

        foreach (var verdict in new[] { "insufficient_data", "srm", "better", "worse", "no_difference" })
        {
            foreach (var kind in new[] { "fixed_horizon", "always_valid_msprt" })
            {
                expected.Set("experiment_verdict", verdict == "insufficient_data" ? 1 : 0, "experiment", name, "variant", "b", "verdict", verdict, "p_value", kind);
            }
        }

        return expected;
    }

    // Declared at the scenario's time (December 2025), nothing done since: stalled; no throughput, so no forecast.
    private static ExpectedSamples DeclaredGoal(string name)
    {
        var expected = new ExpectedSamples()
            .Set("goal_done_units", 0, "goal", name)
            .Set("goal_total_units", 3, "goal", name)
            .Set("goal_progress_ratio", 0, "goal", name);
        foreach (var status in new[] { "done", "on_track", "at_risk", "stalled", "overdue" })
        {
            expected.Set("goal_status", status == "stalled" ? 1 : 0, "goal", name, "status", status);
        }

        return expected;
    }

    public static TheoryData<string> CatalogueTypes => [.. EventCatalogue.All.Select(s => s.EventType)];

    [Fact]
    public void Catalogue_EveryEventType_HasAMappingScenario()
    {
        var catalogued = EventCatalogue.All.Select(s => s.EventType).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(catalogued, Scenarios.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(CatalogueTypes))]
    public async Task EventType_ValidExample_ChangesExactlyTheMappedSamples(string eventType)
    {
        var sidecar = fixture.Sidecar;
        var (events, expected) = Scenarios[eventType](TestEvents.Unique());
        var before = await sidecar.ScrapeAsync();

        var response = await sidecar.PostEventsAsync(events);

        Assert.True(response.Status == HttpStatusCode.OK, $"{eventType}: {response}");
        Assert.Equal(events.Length, response.Json.GetProperty("accepted").GetInt32());
        var after = await sidecar.ScrapeAsync();
        expected.AssertChanges(before, after, eventType);
        Assert.Equal(
            events.Length,
            after.ValueOrZero("agentobs_events_received_total", "outcome", "accepted")
                - before.ValueOrZero("agentobs_events_received_total", "outcome", "accepted"));
    }

    [Fact]
    public async Task TaskCompleted_SuccessFalse_CountsFailureWithUnspecifiedType()
    {
        var u = TestEvents.Unique();
        var sidecar = fixture.Sidecar;
        var before = await sidecar.ScrapeAsync();

        var response = await sidecar.PostEventsAsync(Event(
            "task:completed", $"task-{u}", 0,
            Meta(("taskType", $"spec-{u}"), ("stage", $"verify-{u}"), ("agentType", $"impl-{u}"), ("success", false), ("durationSeconds", 600))));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        new ExpectedSamples()
            .Inc("task_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "success", "false")
            .Observe("task_duration_seconds", TaskBuckets, [600], "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "stage", $"verify-{u}", "success", "false")
            .Inc("task_failures_total", 1, "stage", $"verify-{u}", "failure_type", "unspecified")
            .Set("ai_success_rate", 0, "agent_type", $"impl-{u}")
            .AssertChanges(before, await sidecar.ScrapeAsync(), "task:completed success=false");
    }

    [Fact]
    public async Task TaskCompleted_ExplicitDuration_WinsOverTheStartEvent()
    {
        var u = TestEvents.Unique();
        var sidecar = fixture.Sidecar;
        var before = await sidecar.ScrapeAsync();

        var response = await sidecar.PostEventsAsync(
            Event("task:started", $"task-{u}", 0, Meta(("taskType", $"spec-{u}"), ("agentType", $"impl-{u}"))),
            Event("task:completed", $"task-{u}", 1200, Meta(("taskType", $"spec-{u}"), ("stage", "build"), ("agentType", $"impl-{u}"), ("durationSeconds", 100))));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        new ExpectedSamples()
            .Inc("task_started_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}")
            .Inc("task_total", 1, "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "success", "true")
            .Observe("task_duration_seconds", TaskBuckets, [100], "agent_type", $"impl-{u}", "task_type", $"spec-{u}", "stage", "build", "success", "true")
            .Set("ai_success_rate", 1, "agent_type", $"impl-{u}")
            .AssertChanges(before, await sidecar.ScrapeAsync(), "task:completed with durationSeconds");
    }

    [Fact]
    public async Task WorkitemMerged_ThirdAttemptAfterRebaseConflict_CountsNotFirstPassAndRebaseConflict()
    {
        var u = TestEvents.Unique();
        var sidecar = fixture.Sidecar;
        var before = await sidecar.ScrapeAsync();

        var response = await sidecar.PostEventsAsync(
            Event("workitem:merged", $"wi-{u}", 0, Meta(("attempts", 3), ("project", $"proj-{u}"), ("finalVerdict", "rebase_conflict"))));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        new ExpectedSamples()
            .Inc("merges_total", 1, "project", $"proj-{u}", "first_pass", "false", "rebase_conflict", "true")
            .Observe("merge_attempts", MergeAttemptBuckets, [3], "project", $"proj-{u}")
            .AssertChanges(before, await sidecar.ScrapeAsync(), "workitem:merged attempts=3");
    }

    [Fact]
    public async Task UncataloguedEventType_WellFormed_IsAcceptedWithoutProductSamples()
    {
        var sidecar = fixture.Sidecar;
        var before = await sidecar.ScrapeAsync();

        var response = await sidecar.PostEventsAsync(Event("release:tagged", $"v-{TestEvents.Unique()}", 0, Meta(("tag", "v1.2.3"))));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("accepted", response.Json.GetProperty("items")[0].GetProperty("status").GetString());
        new ExpectedSamples().AssertChanges(before, await sidecar.ScrapeAsync(), "release:tagged");
    }

    [Fact]
    public async Task AiSuccessRate_MixedOutcomes_IsSuccessesOverOutcomes()
    {
        var u = TestEvents.Unique();
        var sidecar = fixture.Sidecar;
        var outcomes = new[] { true, true, false, true };

        var response = await sidecar.PostEventsAsync([.. outcomes.Select((ok, i) => Event(
            ok ? "task:completed" : "task:failed", $"task-{u}-{i}", i,
            Meta(("taskType", "impl"), ("agentType", $"rate-{u}"), ("failureType", "lint"), ("durationSeconds", 10))))]);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var after = await sidecar.ScrapeAsync();
        Assert.Equal(0.75, after.Value("agentobs_ai_success_rate", "agent_type", $"rate-{u}"));
    }

    private static JsonObject Event(string type, string entityId, double secondsAfterT0, JsonObject? metadata = null, JsonObject? agent = null) =>
        TestEvents.Make(TestEvents.NewId(type.Replace(':', '-')), type, entityId, TestEvents.T0.AddSeconds(secondsAfterT0), metadata, agent);

    private static JsonObject Meta(params (string Name, object Value)[] fields)
    {
        var metadata = new JsonObject();
        foreach (var (name, value) in fields)
        {
            metadata[name] = JsonValue.Create(value);
        }

        return metadata;
    }
}
