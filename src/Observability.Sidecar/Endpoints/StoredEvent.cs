namespace Observability.Sidecar.Endpoints;

/// <summary>What became of one event a run-record write produced: <c>accepted</c> or <c>duplicate</c>.</summary>
internal sealed record StoredEvent(string? Id, string EventType, string Status);
