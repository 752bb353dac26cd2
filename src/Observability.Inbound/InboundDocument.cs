using System.Text.Json;
using Observability.Inbound.Expressions;

namespace Observability.Inbound;

/// <summary>
/// A source document as the rules read it: the value at a dotted path, and the whole document as JSON text. Most
/// sources are JSON already (<see cref="Of(JsonElement)"/>); a source with a typed form of its own (an OTLP log record)
/// answers paths from it directly, without writing and parsing JSON for every record, and must answer every path
/// exactly as its JSON text would.
/// </summary>
public abstract class InboundDocument
{
    /// <summary>A JSON document.</summary>
    public static InboundDocument Of(JsonElement element) => new JsonInboundDocument(element);

    /// <summary>
    /// The document as JSON text: the identity of a document whose rule names no identity of its own (a resent document
    /// is the same text), and the shape docs/agents.md shows.
    /// </summary>
    public abstract string ToJsonText();

    /// <summary>
    /// The value at <paramref name="path"/>, looked up greedily (see <see cref="DocumentPath"/>); absent when there is
    /// none, or when it is null or the empty string.
    /// </summary>
    internal abstract Value Find(DocumentPath path);
}
