using Observability.Events;

namespace Observability.Ingestion.Catalogue;

/// <summary>
/// The event types the sidecar knows, from ADR-009 (tasks, chains, requests), the opencode metrics contract
/// (quality, pipeline, AI assistance), the WS-METRICS contract (work-statement runs) and the rolling merge windows
/// contract (reviews and merges). Any other well-formed
/// <c>entity:action</c> type is accepted and kept too, so new types need no migration; the mapping
/// file can turn them into metrics.
/// </summary>
public static class EventCatalogue
{
    /// <summary>The WS-METRICS contract's pinned run statuses.</summary>
    public static readonly IReadOnlyList<string> WsStatuses = ["STARTED", "COMPLETED", "FAILED", "HARD_STOP", "BLOCKED"];

    /// <summary>The WS-METRICS contract's pinned phase names.</summary>
    public static readonly IReadOnlyList<string> WsPhases = ["failing_tests", "implement", "verify", "do_no_harm_audit"];

    /// <summary>The rolling merge windows contract's review verdicts.</summary>
    public static readonly IReadOnlyList<string> ReviewVerdicts = ["approved", "changes_requested", "rebase_conflict", "rejected"];

    /// <summary>The rolling merge windows contract's thresholds: trust (first-pass merge rate) and scope (rebase-conflict rate).</summary>
    public static readonly IReadOnlyList<string> Thresholds = ["trust", "scope"];

    /// <summary>Directions of a threshold crossing: trust is lost or regained, scope tightened or relaxed.</summary>
    public static readonly IReadOnlyList<string> CrossingDirections = ["lost", "regained", "tightened", "relaxed"];

    /// <summary>Lint finding severities.</summary>
    public static readonly IReadOnlyList<string> LintSeverities = ["error", "warning", "info"];

    private static readonly FieldSpec TaskType = Str("metadata.taskType", "Kind of task, e.g. spec, impl, review, bugfix.");
    private static readonly FieldSpec Stage = Str("metadata.stage", "Pipeline stage the task ran in, e.g. build, test, verify.");
    private static readonly FieldSpec AgentType = Str("metadata.agentType", "Kind of agent, e.g. impl, review, control; defaults to agent.role.");
    private static readonly FieldSpec Duration =
        Num("metadata.durationSeconds", "Duration in seconds; derived from the matching start event when absent.", min: 0, max: NumberLimits.MaxDurationSeconds);
    private static readonly FieldSpec CostUsd = Num("metadata.costUsd", "Cost in US dollars as reported; wins over any estimate.", min: 0, max: NumberLimits.MaxCostUsd);
    private static readonly FieldSpec Project = Str("metadata.project", "Project (repository) the work belongs to.");

    /// <summary>Every catalogue entry, in documentation order.</summary>
    public static IReadOnlyList<EventTypeSpec> All { get; } =
    [
        new("task:created", "000", "A task was created in a chain.",
            [TaskType, Str("metadata.title", "Short title; the review's duplicate check compares titles normalised (case, punctuation and spacing ignored)."),
             Str("metadata.priority", "critical, high, medium or low: the review's ageing check and suggested order read it (Review:AgingHours)."), Project]),
        new("task:started", "000, 001", "An agent started a task.", [TaskType, Stage, AgentType]),
        new("task:completed", "000, 001, 003", "A task finished. `success` false records a failed outcome the way the opencode metrics contract counts it.",
            [TaskType, Stage, AgentType, Duration, Bool("metadata.success", "Outcome; default true."), CostUsd,
             Str("metadata.executor", "Who executed: claude_code, human, subagent (the pipeline-observability contract).")]),
        new("task:failed", "001, 003", "A task failed.",
            [TaskType, Stage, AgentType, Duration, Req(Str("metadata.failureType", "Why it failed, e.g. test_failure, timeout, lint.")),
             Str("metadata.executor", "Who executed (the pipeline-observability contract).")]),
        new("task:rework", "000", "A task was sent back for rework.", [TaskType, AgentType, Str("metadata.reason", "Why it was reworked."),
            Str("metadata.workItem", "The approved work item it reworks, when not the task's own id (the review's consistency check).")]),
        new("chain:created", "000", "A task chain was created.", []),
        new("chain:completed", "000", "A task chain was completed.", []),
        new("request:created", "000", "A change or feature request was created.", []),
        new("request:closed", "000, 001", "A request was closed; its lead time is derived from request:created.", [Duration]),
        new("pipeline:started", "001", "A pipeline run started a stage.", [Req(Stage)]),
        new("pipeline:completed", "001", "A pipeline stage finished.",
            [Req(Stage), Req(Bool("metadata.success", "Whether the stage passed.")), Duration,
             Str("metadata.failureType", "Why it failed, when it did.")]),
        new("coverage:reported", "001", "A coverage measurement.", [Req(Num("metadata.percent", "Line coverage, 0-100.", min: 0, max: 100)), Project]),
        new("lint:reported", "001", "Lint findings of one severity from one run.",
            [Req(Enum("metadata.severity", "Finding severity.", LintSeverities)), Req(Int("metadata.count", "Number of findings.", min: 0))]),
        new("test:run", "001", "A test suite run.",
            [Req(Int("metadata.passed", "Tests passed.", min: 0)), Req(Int("metadata.failed", "Tests failed.", min: 0)),
             Int("metadata.skipped", "Tests skipped.", min: 0), Int("metadata.flaky", "Tests that failed then passed on retry.", min: 0), Duration]),
        new("human:intervention", "001", "A person had to step in.", [Req(Str("metadata.reason", "Why, e.g. ambiguous_spec, stuck, review_override."))]),
        new("ai:code", "001", "AI-generated code and how much of it was accepted.",
            [Req(Int("metadata.linesGenerated", "Lines the agent generated.", min: 0)), Req(Int("metadata.linesAccepted", "Lines accepted.", min: 0))]),
        new("llm:call", "002, 004", "One LLM invocation. Tokens go in agent.tokens; wsExecutionId is the WS-METRICS contract's mandatory correlation id.",
            [Req(Str("agent.model", "The model called.")), CostUsd, Str("metadata.wsExecutionId", "The work-statement run it belongs to."),
             Enum("metadata.phase", "The run phase it belongs to.", WsPhases)]),
        new("workitem:reviewed", "004", "A review verdict on a work item.", [Req(Enum("metadata.verdict", "The verdict.", ReviewVerdicts)), Project]),
        new("workitem:merged", "004", "A work item merged; attempts = 1 is a first-pass merge. Only a work item's first merge counts (see Numbers and their bounds).",
            [Req(Int("metadata.attempts", "Attempts it took, 1 for first pass.", min: 1, max: NumberLimits.MaxAttempts)), Project,
             Enum("metadata.finalVerdict", "The verdict before the merge; rebase_conflict counts toward the rebase-conflict rate.", ReviewVerdicts)]),
        new("threshold:crossed", "004",
            "A rolling merge rate crossed a hysteresis threshold. Appended by the sidecar itself, once per crossing: the id is derived from the merge that caused it.",
            [Req(Enum("metadata.threshold", "trust (first-pass merge rate) or scope (rebase-conflict rate).", Thresholds)),
             Req(Enum("metadata.direction", "lost or regained (trust), tightened or relaxed (scope).", CrossingDirections)),
             Req(Str("metadata.project", "The project whose effective rate crossed, or _global.")),
             Req(Num("metadata.value", "The rate that crossed, 0..1.", min: 0, max: 1)),
             Req(Int("metadata.n", "Merges in the window the rate was taken over.", min: 1)),
             Req(Int("metadata.window", "That window's size.", min: 1)),
             Str("metadata.mergeEventId", "The id of the workitem:merged event that caused the crossing.")]),
        new("deployment:completed", "001", "A deployment finished.",
            [Str("metadata.environment", "Target environment."), Req(Bool("metadata.success", "Whether it succeeded.")), Duration]),
        new("deployment:rolledback", "001", "A deployment was rolled back.", [Str("metadata.environment", "Target environment."), Str("metadata.reason", "Why.")]),
        new("defect:detected", "001", "A defect was found. MTTD = timestamp - introducedAt.",
            [Str("metadata.severity", "Severity."), Timestamp("metadata.introducedAt", "When the defect was committed."),
             Bool("metadata.escaped", "Found in production."), Str("metadata.workItem", "The work item that introduced it (the review's consistency check).")]),
        new("defect:resolved", "001", "A defect was fixed. MTTR is derived from defect:detected with the same entityId.", [Str("metadata.severity", "Severity."), Duration]),
        new("review:completed", "001", "A pull-request review finished.",
            [Num("metadata.turnaroundSeconds", "From review request to verdict.", min: 0, max: NumberLimits.MaxDurationSeconds), Int("metadata.prSizeLines", "Lines changed in the PR.", min: 0)]),
        new("ws:execution", "002", "A work-statement run: start, update or final completion; `metadata.fileMetrics` (lists `created`, `modified`, `deleted`) and `metadata.allowedPaths` (a list of paths or globs; the review flags files changed outside them) are kept as sent.",
            [Req(Enum("metadata.status", "The WS-METRICS contract's pinned status.", WsStatuses)), Str("metadata.wsId", "Work statement, e.g. WS-DCW-001."),
             Str("metadata.wpId", "Parent work package."), Str("metadata.executor", "claude_code, human, subagent."), Int("metadata.reworkCycles", "Verification bounces.", min: 0),
             Str("metadata.scopeId", "Reserved tenant scope (the WS-METRICS contract)."), Timestamp("metadata.startedAt", "When the run started, for an update sent without a start event."),
             Int("metadata.llmCalls", "LLM invocations the run reports (its tokens go in agent.tokens).", min: 0), CostUsd,
             Int("metadata.testsWritten", "Tests written.", min: 0), Int("metadata.testsPassing", "Tests passing.", min: 0),
             Int("metadata.testsFailing", "Tests failing.", min: 0), Int("metadata.testsSkipped", "Tests skipped.", min: 0)]),
        new("ws:phase", "002", "A phase of a work-statement run completed; a phase whose eventId the same run already has is ignored.",
            [Req(Enum("metadata.phase", "The WS-METRICS contract's pinned phase name.", WsPhases)), Req(Str("metadata.wsExecutionId", "The run.")),
             Str("metadata.eventId", "The phase's event_id, unique within its run (the event's own id when absent)."),
             Str("metadata.result", "pass or fail."), Duration, Int("metadata.sequence", "The phase's position in the run, from 1.", min: 1),
             Timestamp("metadata.startedAt", "When the phase started; the event's timestamp is when it completed."),
             Int("metadata.testsWritten", "Tests written.", min: 0), Int("metadata.testsPassing", "Tests passing.", min: 0),
             Int("metadata.testsFailing", "Tests failing.", min: 0), Int("metadata.filesModified", "Files modified.", min: 0)]),
        new("bug:fixed", "002", "A bug fixed during a run; `metadata.filesModified` (a list of paths) is kept as sent.",
            [Req(Str("metadata.wsExecutionId", "The run.")), Req(Bool("metadata.autonomous", "Fixed without human escalation.")),
             Str("metadata.description", "One-line bug description."), Str("metadata.rootCause", "One-line root cause."),
             Str("metadata.testName", "The reproducing test."), Str("metadata.fixSummary", "What was changed."),
             Str("metadata.scopeId", "Reserved tenant scope (the WS-METRICS contract).")]),
        new("experiment:declared", "003",
            "An experiment was declared (`POST /api/v1/experiments`); the metadata is the declaration, `variants` and `filter` kept as sent. The id is derived from the declaration, so posting it again is a duplicate; a second declaration of a name is stored but refused by the experiments projection.",
            [Req(Str("metadata.name", "The experiment's name; the event's entityId is the same.")),
             Req(Str("metadata.dimension", "model, promptVariant, skillVersion or a configured metadata key.")),
             Enum("metadata.units", "What is counted.", ["tasks", "runs", "merges"]), Str("metadata.primaryMetric", "The metric of the verdict."),
             Timestamp("metadata.start", "Units finishing before this are not counted."), Timestamp("metadata.end", "Units finishing at or after this are not counted."),
             Int("metadata.minimumSamplePerArm", "Units each arm needs before a verdict.", min: 1)]),
        new("experiment:exposed", "003",
            "A unit was assigned a variant by `GET /api/v1/experiments/{name}/assign`. Appended by the sidecar; the id is derived from the experiment and the unit, so asking again stores nothing new.",
            [Req(Str("metadata.unit", "The unit (task id, run id, work item) assigned.")), Req(Str("metadata.variant", "The variant it was assigned."))]),
        new("goal:declared", "003",
            "A goal was declared (`POST /api/v1/goals`); the metadata is the declaration, `filter` kept as sent. Idempotent like experiment:declared.",
            [Req(Str("metadata.name", "The goal's name; the event's entityId is the same.")), Enum("metadata.units", "What is counted.", ["tasks", "merges"]),
             Int("metadata.targetCount", "Units to be done; absent: the whole backlog.", min: 1), Timestamp("metadata.due", "When the goal is due.")]),
        new("finding:opened", "003",
            "The automated review found a condition (docs/review.md). Appended by the sidecar with the id `finding:opened:<findingId>`; `metadata.evidence` (`eventIds`, `figures`) is kept as sent.",
            [Req(Str("metadata.findingId", "f- and 16 hex digits of the SHA-256 of kind, subject type, subject and occurrence; the event's entityId is the same.")),
             Req(Str("metadata.kind", "The finding kind, e.g. stale_task, timeout_cluster, over_budget.")),
             Str("metadata.category", "queue, pipeline, usage, spec, implementation, review, testing or goals."),
             Req(Enum("metadata.severity", "How urgent.", ["info", "warning", "critical"])),
             Req(Enum("metadata.subjectType", "What it is about.", ["task", "chain", "stage", "model", "project", "test", "run", "goal"])),
             Req(Str("metadata.subject", "The task, stage, model... it is about.")), Str("metadata.summary", "One line a person reads."),
             Str("metadata.recommendation", "The recommended action."), Str("metadata.reviewRunId", "The review run that opened it.")]),
        new("finding:closed", "003",
            "A finding's condition cleared. Appended by the sidecar with the id `finding:closed:<findingId>`.",
            [Req(Str("metadata.findingId", "The finding closed; the event's entityId is the same.")), Str("metadata.kind", "Its kind."),
             Str("metadata.reason", "Why: cleared."), Str("metadata.reviewRunId", "The review run that closed it.")]),
        new("proposal:approved", "003",
            "A proposed task (derived from a review finding) was approved by a person (`POST /api/v1/proposals/{id}/approve`) or, with `Proposals:Autonomous`, by `autonomous`. Appended by the sidecar; the id is `proposal:approved:<proposalId>`, so approving again is a duplicate.",
            [Req(Str("metadata.proposalId", "The proposal; the event's entityId is the same.")), Str("metadata.findingId", "The finding it was derived from."),
             Str("metadata.by", "Who decided; `autonomous` in autonomous mode."), Str("metadata.reason", "Why, as given.")]),
        new("proposal:rejected", "003",
            "A proposed task was rejected by a person (`POST /api/v1/proposals/{id}/reject`). Appended by the sidecar; the id is `proposal:rejected:<proposalId>`.",
            [Req(Str("metadata.proposalId", "The proposal; the event's entityId is the same.")), Str("metadata.findingId", "The finding it was derived from."),
             Str("metadata.by", "Who decided."), Str("metadata.reason", "Why, as given.")]),
        new("proposal:delivered", "003",
            "An approved proposal reached a tracker. Appended by the sidecar once per proposal and tracker: the id is `proposal:delivered:<tracker>:<proposalId>`.",
            [Req(Str("metadata.proposalId", "The proposal; the event's entityId is the same.")),
             Req(Enum("metadata.tracker", "Where it was delivered.", ["webhook", "github"])),
             Req(Enum("metadata.outcome", "delivered (created now) or existing (the tracker had it from a delivery before a crash).", ["delivered", "existing"])),
             Int("metadata.issueNumber", "The GitHub issue's number.", min: 1), Str("metadata.url", "The GitHub issue's address.")]),
        new("reflection:run", "001",
            "A reflection run of the learning system: the failure and success patterns of the trailing window and the playbook rules derived from them. Appended by the sidecar (on its schedule or `POST /api/v1/reflect`); the id is `reflection:<trigger>:<time>`, so storing it again is a duplicate. The run's counts (`failurePatternCount`, `successPatternCount`, `ruleCount`, `antiPatternCount`), `windowDays`, `failurePatterns`, `successPatterns` and `rules` are kept as sent.",
            [Req(Str("metadata.runId", "The run's id, the same as the event's.")), Req(Enum("metadata.trigger", "What started it.", ["scheduled", "demand"]))]),
        new("context:outcome", "001",
            "Which playbook rules a task was shown and how it ended (`POST /api/v1/outcomes`); the id is derived from the task and the rules, so a repeat is a duplicate. `ruleIds` (the rules the playbook held) and `unknownRuleIds` are kept as sent.",
            [Req(Enum("metadata.outcome", "How the task ended.", ["success", "failure"]))]),
        new("pipeline:queued", "001", "A pipeline run was queued before it started (CDEvents `pipelinerun.queued`).", [Req(Stage)]),
        new("cloudevent:received", "001",
            "A CloudEvent received at `POST /api/v1/cloudevents`, every one, whether a rule maps it to another type or not; the id is derived from the CloudEvent's `source` and `id`, so a second delivery is a duplicate. `metadata.data` (the event's data) and `metadata.extensions` are kept as sent.",
            [Req(Str("metadata.cloudEventType", "The CloudEvent's type, e.g. dev.cdevents.pipelinerun.finished.0.3.0.")),
             Req(Str("metadata.cloudEventSource", "The CloudEvent's source.")), Req(Str("metadata.cloudEventId", "The CloudEvent's id.")),
             Req(Str("metadata.cdeventSubject", "The CDEvents subject (pipelinerun, taskrun, ...), other for one CDEvents v0.4 and v0.5 do not name, none for a CloudEvent that is not a CDEvent.")),
             Req(Str("metadata.cdeventPredicate", "The CDEvents predicate (queued, started, finished, ...), other or none likewise.")),
             Str("metadata.cdeventVersion", "The CDEvent's schema version, e.g. 0.3.0.")]),
        new("agent:event", "001",
            "One log event of a coding agent (Claude Code, Codex, Gemini CLI over OTLP) that no other type records: a tool decision or result, an API error, a prompt, a session starting. Mapped by `src/Observability.Inbound/Rules/otlp.yaml` (docs/agents.md); the id is derived from the agent's own keys (`session.id` and `event.sequence`), so a resent record is a duplicate. `source` is the agent; the record's attributes the rule maps are kept as sent.",
            [Req(Str("metadata.name", "The agent's event name, e.g. claude_code.tool_decision.")),
             Str("metadata.kind", "What it records: tool_decision, tool_result, api_error, prompt, session or other."),
             Str("metadata.tool", "The tool the event is about."), Str("metadata.decision", "A tool decision: accept or reject (the agent's words)."),
             Str("metadata.decisionSource", "Who decided: config, hook, user_temporary, user_permanent, user_abort, user_reject."),
             Bool("metadata.success", "A tool result's or API call's outcome."), Str("metadata.statusCode", "An API error's HTTP status."), Duration]),
        new("agent:usage", "001",
            "One data point of a coding agent's counter (OTLP metrics: `claude_code.cost.usage`, `claude_code.token.usage` and the like), in delta or cumulative temporality. The metrics projection turns it into an increment (`derived.usageDelta`: a cumulative value less the series' previous one, the whole value after a restart or reset), so both temporalities fold into the same counters. The id is derived from the series, its start time and the point's time, so a resent point is a duplicate.",
            [Req(Str("metadata.metric", "The agent's metric name, e.g. claude_code.token.usage.")),
             Req(Num("metadata.value", "The point's value as sent (an increment for delta, the running total for cumulative).", min: 0, max: 1e15)),
             Req(Enum("metadata.temporality", "The point's aggregation temporality.", ["delta", "cumulative"])),
             Req(Str("metadata.series", "The series identity (32 hex digits of the metric, scope, resource and point attributes).")),
             Str("metadata.startTime", "The series' start time; a new one means the agent restarted."),
             Str("metadata.type", "The point's type attribute (token type, lines added or removed, active time user or cli)."),
             Str("metadata.decision", "code_edit_tool.decision: accept or reject."), Str("metadata.tool", "code_edit_tool.decision: the tool."),
             Str("metadata.decisionSource", "code_edit_tool.decision: who decided (config, user_temporary, ...).")]),
    ];

    private static readonly Dictionary<string, EventTypeSpec> ByType = All.ToDictionary(s => s.EventType, StringComparer.Ordinal);

    /// <summary>The entry for <paramref name="eventType"/>, or null for an uncatalogued type.</summary>
    public static EventTypeSpec? Find(string eventType) => ByType.GetValueOrDefault(eventType);

    private static FieldSpec Str(string path, string description) => new(path, FieldKind.Text, false, description);

    private static FieldSpec Num(string path, string description, double? min = null, double? max = null) =>
        new(path, FieldKind.Number, false, description, Min: min, Max: max);

    // Every whole number the catalogue defines is a count of something, bounded so that sums of them cannot overflow.
    private static FieldSpec Int(string path, string description, double min, double max = NumberLimits.MaxCount) =>
        new(path, FieldKind.WholeNumber, false, description, Min: min, Max: max);

    private static FieldSpec Bool(string path, string description) => new(path, FieldKind.Boolean, false, description);

    private static FieldSpec Timestamp(string path, string description) => new(path, FieldKind.Timestamp, false, description);

    private static FieldSpec Enum(string path, string description, IReadOnlyList<string> values) =>
        new(path, FieldKind.Text, false, description, AllowedValues: values);

    private static FieldSpec Req(FieldSpec spec) => spec with { Required = true };
}
