namespace Observability.Sidecar.Inbound;

/// <summary>The <c>Inbound</c> section: the operator's rules for sources' documents (OTLP, CloudEvents, webhooks).</summary>
public sealed class InboundOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Inbound";

    /// <summary>Rules files loaded after the shipped rules; a rule with a shipped rule's name replaces it.</summary>
    public IList<string> MappingFiles { get; init; } = [];
}
