namespace Observability.Ingestion;

/// <summary>The per-item outcome of a batch, like OTLP's partial success.</summary>
/// <param name="Items">One result per item, in batch order.</param>
public sealed record BatchResult(IReadOnlyList<ItemResult> Items)
{
    /// <summary>Items stored by this request.</summary>
    public int Accepted { get; } = Items.Count(i => i.Status == ItemResult.Accepted);

    /// <summary>Items whose id was already stored.</summary>
    public int Duplicates { get; } = Items.Count(i => i.Status == ItemResult.Duplicate);

    /// <summary>Invalid items.</summary>
    public int Rejected { get; } = Items.Count(i => i.Status == ItemResult.Rejected);
}
