using System.Text.Json.Serialization;

namespace Observability.Analytics.Runs;

/// <summary>One completed phase of a run (the WS-METRICS contract's <c>phase_metrics.phases[]</c> entry).</summary>
/// <param name="EventId">The phase's <c>event_id</c> as sent, its idempotency key within the run.</param>
/// <param name="Sequence">The sender's phase number, when given.</param>
/// <param name="Name">One of the pinned names: <c>failing_tests</c>, <c>implement</c>, <c>verify</c>, <c>do_no_harm_audit</c>.</param>
/// <param name="StartedAt">When the phase started, when given.</param>
/// <param name="CompletedAt">When it completed (the event's timestamp).</param>
/// <param name="DurationSeconds"><c>durationSeconds</c> when given, else completed minus started; written as whole seconds (the WS-METRICS contract's INTEGER).</param>
/// <param name="Result"><c>pass</c> or <c>fail</c>, when given.</param>
/// <param name="TestsWritten">Tests written in the phase.</param>
/// <param name="TestsPassing">Tests passing at its end.</param>
/// <param name="TestsFailing">Tests failing at its end.</param>
/// <param name="FilesModified">Files modified in the phase.</param>
public sealed record PhaseRecord(
    string EventId,
    int? Sequence,
    string Name,
    DateTimeOffset? StartedAt,
    DateTimeOffset CompletedAt,
    [property: JsonConverter(typeof(WholeSecondsConverter))] double? DurationSeconds,
    string? Result,
    int? TestsWritten,
    int? TestsPassing,
    int? TestsFailing,
    int? FilesModified);
