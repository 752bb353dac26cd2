using Observability.Events;

namespace Observability.Inbound;

/// <summary>One catalogue envelope a rule made from a source document.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Id">The envelope's id: the rule's prefix and a hash of the source's own identity.</param>
/// <param name="Json">The envelope as UTF-8 JSON, ready for ingestion.</param>
/// <param name="Layout">Where the writer put each of the envelope's properties in <paramref name="Json"/>.</param>
public sealed record InboundEvent(string Rule, string Id, ReadOnlyMemory<byte> Json, EventLayout Layout);
