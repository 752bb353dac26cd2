namespace Observability.Sidecar.Endpoints;

/// <summary>What became of one event a run-record write produced: <c>accepted</c> or <c>duplicate</c>.</summary>
/// <param name="Id">The id the event is stored under.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Status"><c>accepted</c> or <c>duplicate</c>.</param>
/// <param name="EventId">For a phase, its <c>event_id</c> as sent (the stored id is derived from it and the run).</param>
internal sealed record StoredEvent(string? Id, string EventType, string Status, string? EventId = null);
