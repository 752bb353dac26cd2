using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Analytics.Runs;

/// <summary>A work-statement run as its events add up (the WS-METRICS contract's <c>ws_executions</c> row).</summary>
/// <param name="Id">The run id (<c>ws_execution_id</c>).</param>
/// <param name="WsId">The work statement.</param>
/// <param name="WpId">The parent work package.</param>
/// <param name="ScopeId">Reserved tenant scope.</param>
/// <param name="Executor">claude_code, human, subagent…</param>
/// <param name="Model">The model the run reports, when it does.</param>
/// <param name="Status">The status of the latest (by timestamp) <c>ws:execution</c> event.</param>
/// <param name="StartedAt">The earliest <c>STARTED</c> event or reported start; else the first event.</param>
/// <param name="CompletedAt">The latest <c>COMPLETED</c>, <c>FAILED</c> or <c>HARD_STOP</c> event, when the status is one of them.</param>
/// <param name="DurationSeconds">Completed minus started, when finished; written as whole seconds (the WS-METRICS contract's INTEGER).</param>
/// <param name="ReworkCycles">Reported, else the number of failed <c>verify</c> phases.</param>
/// <param name="Tests">Reported test figures; written defaults to the phases' sum.</param>
/// <param name="FileMetrics">The reported <c>file_metrics</c> object, as sent.</param>
/// <param name="Llm">LLM usage and cost.</param>
/// <param name="LlmByPhase">
/// <paramref name="Llm"/> per run phase, adding up to it: linked calls by their <c>metadata.phase</c> (<c>unknown</c>
/// when absent); without linked calls, the run's own totals under <c>unknown</c>.
/// </param>
/// <param name="Phases">Completed phases, by sequence then time.</param>
/// <param name="BugFixes">Linked bug fixes, by time.</param>
/// <param name="UpdatedAt">Timestamp of the latest event about the run.</param>
public sealed record RunRecord(
    string Id,
    string? WsId,
    string? WpId,
    string? ScopeId,
    string? Executor,
    string? Model,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonConverter(typeof(WholeSecondsConverter))] double? DurationSeconds,
    int ReworkCycles,
    TestFigures Tests,
    JsonElement? FileMetrics,
    LlmFigures Llm,
    IReadOnlyDictionary<string, CostBucket> LlmByPhase,
    IReadOnlyList<PhaseRecord> Phases,
    IReadOnlyList<BugFixRecord> BugFixes,
    DateTimeOffset UpdatedAt);
