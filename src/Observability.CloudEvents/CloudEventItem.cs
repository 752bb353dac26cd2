namespace Observability.CloudEvents;

/// <summary>One CloudEvent of a request: its source document for the inbound mapping, or why it was refused.</summary>
/// <param name="Index">Its position in the request (0 for binary and structured mode).</param>
/// <param name="Document">The source document as UTF-8 JSON (see <see cref="SourceDocument"/>); null when refused.</param>
/// <param name="Field">The attribute or part that is wrong, when refused.</param>
/// <param name="Reason">What is wrong, when refused.</param>
/// <param name="Type">The event's <c>type</c> when it was read that far, for counting refusals.</param>
internal sealed record CloudEventItem(int Index, byte[]? Document, string? Field = null, string? Reason = null, string? Type = null)
{
    /// <summary>True when the event was read and can be translated.</summary>
    public bool IsValid => Document is not null;
}
