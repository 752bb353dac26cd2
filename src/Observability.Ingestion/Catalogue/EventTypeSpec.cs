namespace Observability.Ingestion.Catalogue;

/// <summary>A catalogue entry: an event type, what it records, and the fields it defines.</summary>
/// <param name="EventType"><c>entity:action</c>.</param>
/// <param name="Source">Which seed document asks for it.</param>
/// <param name="Description">What the event records.</param>
/// <param name="Fields">Its fields beyond the envelope.</param>
public sealed record EventTypeSpec(string EventType, string Source, string Description, IReadOnlyList<FieldSpec> Fields);
