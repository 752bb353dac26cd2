namespace Observability.Ingestion;

/// <summary>What happened to one item of a batch.</summary>
/// <param name="Index">Its zero-based position in the batch.</param>
/// <param name="Id">Its id, when it had one.</param>
/// <param name="Status"><c>accepted</c>, <c>duplicate</c> or <c>rejected</c>.</param>
/// <param name="Field">For rejections: the offending field (dotted path; empty for the whole item).</param>
/// <param name="Reason">For rejections: what is wrong.</param>
public sealed record ItemResult(int Index, string? Id, string Status, string? Field = null, string? Reason = null)
{
    /// <summary>Stored and counted.</summary>
    public const string Accepted = "accepted";

    /// <summary>Its id was already stored; not counted again.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Invalid; nothing stored.</summary>
    public const string Rejected = "rejected";
}
