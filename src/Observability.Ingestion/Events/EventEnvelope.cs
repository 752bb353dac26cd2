namespace Observability.Ingestion.Events;

/// <summary>Seed 000's envelope: the fields every event carries, validated.</summary>
/// <param name="Id">Unique id; the idempotency key.</param>
/// <param name="Timestamp">ISO 8601 with an offset.</param>
/// <param name="EventType"><c>entity:action</c>.</param>
/// <param name="EntityType">Defaults to the part of <paramref name="EventType"/> before the colon.</param>
/// <param name="EntityId">The task, chain, request, pipeline run… the event is about.</param>
/// <param name="ChainId">The chain of a task event.</param>
/// <param name="RequestId">The linked change or feature request.</param>
/// <param name="Model">The agent's model.</param>
/// <param name="Role">The agent's role.</param>
/// <param name="TokensInput">Input tokens the agent used.</param>
/// <param name="TokensOutput">Output tokens the agent used.</param>
public sealed record EventEnvelope(
    string Id,
    DateTimeOffset Timestamp,
    string EventType,
    string EntityType,
    string EntityId,
    string? ChainId,
    string? RequestId,
    string? Model,
    string? Role,
    long? TokensInput,
    long? TokensOutput);
