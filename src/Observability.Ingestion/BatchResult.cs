namespace Observability.Ingestion;

/// <summary>The outcome of a batch, like OTLP's partial success: exact counts, and the items listed as the rule below says.</summary>
/// <remarks>
/// A batch of at most <see cref="MaxListedItems"/> items lists every item, in batch order. A larger one lists only its
/// rejected items, the first <see cref="MaxListedItems"/> of them, in batch order, and is <see cref="Truncated"/>:
/// accepted and duplicate items are counted, not listed. So the answer to any request is bounded, whatever the
/// number of items.
/// </remarks>
public sealed class BatchResult
{
    /// <summary>The most items an answer lists: every item of a batch up to this size, else this many rejected ones.</summary>
    public const int MaxListedItems = 1000;

    internal BatchResult(int count, int accepted, int duplicates, int rejected, IReadOnlyList<ItemResult> items)
    {
        Count = count;
        Accepted = accepted;
        Duplicates = duplicates;
        Rejected = rejected;
        Items = items;
    }

    /// <summary>Items in the batch.</summary>
    public int Count { get; }

    /// <summary>Items stored by this request.</summary>
    public int Accepted { get; }

    /// <summary>Items whose id was already stored.</summary>
    public int Duplicates { get; }

    /// <summary>Invalid items.</summary>
    public int Rejected { get; }

    /// <summary>The listed items (see the remarks): every item, or only the first rejected ones when <see cref="Truncated"/>.</summary>
    public IReadOnlyList<ItemResult> Items { get; }

    /// <summary>Whether <see cref="Items"/> lists fewer items than the batch has (a batch of more than <see cref="MaxListedItems"/>).</summary>
    public bool Truncated => Count > MaxListedItems;
}
