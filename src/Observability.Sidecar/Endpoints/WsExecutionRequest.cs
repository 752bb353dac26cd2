using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Ingestion.Catalogue;
using Observability.Events;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The WS-METRICS contract's <c>POST /api/v1/metrics/ws-execution</c> body, translated into the events that store it: a
/// <c>status</c> becomes a <c>ws:execution</c> event, a <c>phase</c> a <c>ws:phase</c> event whose id is derived from
/// the run and the phase's <c>event_id</c> (<see cref="Endpoints.PhaseEventId"/>), so the log's idempotency drops a repeat
/// within the run and never a phase of another run. Both may come in one body.
/// </summary>
internal sealed class WsExecutionRequest
{
    public const int MaxIdLength = 64;

    private static readonly string[] Fields =
    [
        "execution_id", "event_id", "ws_id", "wp_id", "scope_id", "executor", "model", "status", "started_at", "completed_at",
        "rework_cycles", "llm_calls", "llm_tokens_in", "llm_tokens_out", "llm_cost_usd", "test_metrics", "file_metrics", "phase",
        "allowed_paths",
    ];

    private static readonly string[] PhaseFields =
    [
        "event_id", "sequence", "name", "started_at", "completed_at", "duration_seconds", "result",
        "tests_written", "tests_passing", "tests_failing", "files_modified",
    ];

    private static readonly string[] TestFields = ["written", "passing", "failing", "skipped"];
    private static readonly string[] FileFields = ["created", "modified", "deleted"];

    private WsExecutionRequest(string executionId, bool hasStatus, DateTimeOffset? completedAt, List<JsonObject> events, string? phaseEventId)
    {
        ExecutionId = executionId;
        HasStatus = hasStatus;
        CompletedAt = completedAt;
        Events = events;
        PhaseEventId = phaseEventId;
    }

    /// <summary>The run (given, or generated for a start without one).</summary>
    public string ExecutionId { get; }

    /// <summary>Whether the body carries a status (so it may create the run); a phase alone needs an existing run.</summary>
    public bool HasStatus { get; }

    /// <summary>The <c>completed_at</c> the body states, if any; checked against a start stored by an earlier request.</summary>
    public DateTimeOffset? CompletedAt { get; }

    /// <summary>The events to ingest, in order.</summary>
    public IReadOnlyList<JsonObject> Events { get; }

    /// <summary>The phase's <c>event_id</c> as sent, when the body has a phase (its event is the last one).</summary>
    public string? PhaseEventId { get; }

    /// <exception cref="BodyException">A field is missing or wrong.</exception>
    public static WsExecutionRequest Parse(JsonElement root, DateTimeOffset now)
    {
        var body = new BodyFields(root, string.Empty, Fields);
        var status = body.Text("status", 16, EventCatalogue.WsStatuses);
        if (status is null && !body.Has("phase"))
        {
            throw new BodyException("status", $"a body needs a status (one of {string.Join(", ", EventCatalogue.WsStatuses)}), a phase, or both.");
        }

        var executionId = body.Text("execution_id", MaxIdLength)
            ?? (status == "STARTED" ? Guid.NewGuid().ToString() : throw body.Wrong("execution_id", "is required except on a STARTED record."));
        var events = new List<JsonObject>(2);
        if (status is not null)
        {
            events.Add(Execution(body, executionId, status, now));
        }

        string? phaseEventId = null;
        if (body.Element("phase") is { } phase)
        {
            var fields = new BodyFields(phase, "phase", PhaseFields);
            phaseEventId = fields.RequiredText("event_id", 128);
            events.Add(Phase(fields, executionId, phaseEventId, now));
        }

        return new WsExecutionRequest(executionId, status is not null, status is null ? null : body.Time("completed_at"), events, phaseEventId);
    }

    private static JsonObject Execution(BodyFields body, string executionId, string status, DateTimeOffset now)
    {
        var started = body.Time("started_at");
        var completed = body.Time("completed_at");
        if (started > completed)
        {
            throw body.Wrong("completed_at", "is before started_at.");
        }

        var at = status switch
        {
            "STARTED" => started ?? now,
            "COMPLETED" or "FAILED" or "HARD_STOP" => completed ?? now,
            _ => now,
        };
        var metadata = new JsonObject
        {
            ["status"] = status,
            ["wsId"] = body.Text("ws_id", 128),
            ["wpId"] = body.Text("wp_id", 128),
            ["scopeId"] = body.Text("scope_id", 128),
            ["executor"] = body.Text("executor", 64),
            ["startedAt"] = status != "STARTED" && started is { } s ? Iso(s) : null,
            ["reworkCycles"] = body.Whole("rework_cycles"),
            ["llmCalls"] = body.Whole("llm_calls"),
            ["costUsd"] = body.Number("llm_cost_usd", NumberLimits.MaxCostUsd),
        };
        if (body.Element("test_metrics") is { } tests)
        {
            var t = new BodyFields(tests, "test_metrics", TestFields);
            metadata["testsWritten"] = t.Whole("written");
            metadata["testsPassing"] = t.Whole("passing");
            metadata["testsFailing"] = t.Whole("failing");
            metadata["testsSkipped"] = t.Whole("skipped");
        }

        if (body.Element("file_metrics") is { } files)
        {
            var f = new BodyFields(files, "file_metrics", FileFields);
            metadata["fileMetrics"] = new JsonObject
            {
                ["created"] = f.Strings("created") ?? [],
                ["modified"] = f.Strings("modified") ?? [],
                ["deleted"] = f.Strings("deleted") ?? [],
            };
        }

        // Paths or globs the work statement allows; the review flags files changed outside them (docs/review.md).
        if (body.Strings("allowed_paths") is { } allowed)
        {
            metadata["allowedPaths"] = allowed;
        }

        var e = Event(body.Text("event_id", 128) ?? $"{executionId}:{status}:{Iso(at)}", "ws:execution", executionId, at, metadata);
        var model = body.Text("model", 128);
        var (input, output) = (body.Whole("llm_tokens_in", max: NumberLimits.MaxTokens), body.Whole("llm_tokens_out", max: NumberLimits.MaxTokens));
        if (model is not null || input is not null || output is not null)
        {
            var agent = new JsonObject { ["model"] = model };
            if (input is not null || output is not null)
            {
                agent["tokens"] = new JsonObject { ["input"] = input ?? 0, ["output"] = output ?? 0 };
            }

            e["agent"] = Compact(agent);
        }

        return e;
    }

    private static JsonObject Phase(BodyFields phase, string executionId, string eventId, DateTimeOffset now)
    {
        var name = phase.RequiredText("name", 32, EventCatalogue.WsPhases);
        var started = phase.Time("started_at");
        var completed = phase.Time("completed_at");
        if (started > completed)
        {
            throw phase.Wrong("completed_at", "is before started_at.");
        }

        var at = completed ?? now;
        var duration = phase.Number("duration_seconds", NumberLimits.MaxDurationSeconds) ?? (started is { } s ? (at - s).TotalSeconds : null);
        if (duration > NumberLimits.MaxDurationSeconds)
        {
            throw phase.Wrong("started_at", $"is more than {NumberLimits.MaxDurationSeconds / 86_400:F0} days before the phase completed.");
        }

        return Event(Endpoints.PhaseEventId.Of(executionId, eventId), "ws:phase", executionId, at, new JsonObject
        {
            ["phase"] = name,
            ["wsExecutionId"] = executionId,
            ["eventId"] = eventId,
            ["sequence"] = phase.Whole("sequence", min: 1),
            ["startedAt"] = started is { } st ? Iso(st) : null,
            ["result"] = phase.Text("result", 32),
            ["durationSeconds"] = duration is { } d ? Math.Max(d, 0) : null,
            ["testsWritten"] = phase.Whole("tests_written"),
            ["testsPassing"] = phase.Whole("tests_passing"),
            ["testsFailing"] = phase.Whole("tests_failing"),
            ["filesModified"] = phase.Whole("files_modified"),
        });
    }

    /// <summary>An event in ADR-009's envelope; null metadata values are left out.</summary>
    public static JsonObject Event(string id, string type, string entityId, DateTimeOffset at, JsonObject metadata) => new()
    {
        ["id"] = id,
        ["timestamp"] = Iso(at),
        ["eventType"] = type,
        ["entityType"] = type[..type.IndexOf(':', StringComparison.Ordinal)],
        ["entityId"] = entityId,
        ["metadata"] = Compact(metadata),
    };

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }
}
