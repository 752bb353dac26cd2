namespace Observability.Sidecar.Inbound;

/// <summary>What became of one source item (an OTLP record, a CloudEvent, a webhook delivery).</summary>
/// <param name="Index">The item's position in what the receiver passed.</param>
/// <param name="Status"><c>accepted</c> (every event it made was stored), <c>duplicate</c> (all were stored before),
/// <c>ignored</c> (no rule matched), <c>rejected</c> (ingestion refused one of its events).</param>
/// <param name="Events">How many events its rules made.</param>
/// <param name="Field">For a rejection: the envelope field that was wrong.</param>
/// <param name="Reason">For a rejection: why.</param>
internal sealed record InboundItemResult(int Index, string Status, int Events, string? Field = null, string? Reason = null)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
}

/// <summary>What became of every item of one request, with the counts per status.</summary>
internal sealed record InboundBatchResult(int Accepted, int Duplicates, int Ignored, int Rejected, IReadOnlyList<InboundItemResult> Items);
