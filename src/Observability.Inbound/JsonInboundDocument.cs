using System.Text.Json;
using Observability.Inbound.Expressions;

namespace Observability.Inbound;

/// <summary>A source document that is JSON: a CloudEvent's data, a webhook delivery, an OTLP data point.</summary>
internal sealed class JsonInboundDocument(JsonElement element) : InboundDocument
{
    public override string ToJsonText() => element.GetRawText();

    internal override Value Find(DocumentPath path) => Value.Of(path.Find(element));
}
