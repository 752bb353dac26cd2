using System.Text.Json.Serialization;

namespace Observability.Learning.Context;

/// <summary>The context answer, in the shape of the learning system's <c>cm context --json</c>.</summary>
internal sealed record ContextAnswer(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("data")] ContextData Data);

/// <summary>The answer's data.</summary>
internal sealed record ContextData(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("query")] ContextQueryEcho Query,
    [property: JsonPropertyName("relevantBullets")] IReadOnlyList<ContextBullet> RelevantBullets,
    [property: JsonPropertyName("antiPatterns")] IReadOnlyList<ContextBullet> AntiPatterns,
    [property: JsonPropertyName("historySnippets")] IReadOnlyList<HistorySnippet> HistorySnippets,
    [property: JsonPropertyName("playbook")] PlaybookInfo Playbook);

/// <summary>The query as understood.</summary>
internal sealed record ContextQueryEcho(
    [property: JsonPropertyName("task_type")] string? TaskType,
    [property: JsonPropertyName("agent_type")] string? AgentType,
    [property: JsonPropertyName("stage")] string? Stage,
    [property: JsonPropertyName("q")] string? Q,
    [property: JsonPropertyName("limit")] int Limit);

/// <summary>A rule or anti-pattern with its confidence at the time of the answer.</summary>
internal sealed record ContextBullet(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("evidence_count")] long EvidenceCount,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("last_evidence_at")] DateTimeOffset LastEvidenceAt,
    [property: JsonPropertyName("outcomes")] OutcomeCounts Outcomes);

/// <summary>The outcomes of the tasks a rule was shown to.</summary>
internal sealed record OutcomeCounts(
    [property: JsonPropertyName("success")] long Success,
    [property: JsonPropertyName("failure")] long Failure);

/// <summary>A recent similar task.</summary>
internal sealed record HistorySnippet(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("duration_seconds")] double? DurationSeconds,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("approach")] string Approach,
    [property: JsonPropertyName("task_type")] string TaskType,
    [property: JsonPropertyName("agent_type")] string AgentType,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("failure_type")] string? FailureType,
    [property: JsonPropertyName("finished_at")] DateTimeOffset FinishedAt,
    [property: JsonPropertyName("score")] int Score);

/// <summary>The playbook's size and the newest reflection run.</summary>
internal sealed record PlaybookInfo(
    [property: JsonPropertyName("rules")] int Rules,
    [property: JsonPropertyName("anti_patterns")] int AntiPatterns,
    [property: JsonPropertyName("last_reflection")] string? LastReflection,
    [property: JsonPropertyName("last_reflection_at")] DateTimeOffset? LastReflectionAt);
