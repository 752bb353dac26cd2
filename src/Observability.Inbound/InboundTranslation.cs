namespace Observability.Inbound;

/// <summary>What the rules made of one source document.</summary>
/// <param name="Events">One envelope per matching rule, in the rules' order; empty when none matched.</param>
/// <param name="Matched">Whether any rule of the document's kind matched.</param>
public sealed record InboundTranslation(IReadOnlyList<InboundEvent> Events, bool Matched)
{
    /// <summary>No rule matched.</summary>
    public static InboundTranslation Unmatched { get; } = new([], false);
}
