namespace Observability.Ingestion;

/// <summary>
/// Collects a batch's outcomes into a <see cref="BatchResult"/>: counts for every item, a result object only for the
/// items the answer lists. A hundred thousand items cost a few counters, not a hundred thousand objects.
/// </summary>
internal sealed class BatchResultBuilder(int count)
{
    private readonly ItemResult[]? _all = count <= BatchResult.MaxListedItems ? new ItemResult[count] : null;
    private readonly List<ItemResult> _rejected = [];
    private int _accepted;
    private int _duplicates;
    private int _rejectedCount;

    public void Accepted(int index, string id)
    {
        _accepted++;
        if (_all is not null)
        {
            _all[index] = new ItemResult(index, id, ItemResult.Accepted);
        }
    }

    public void Duplicate(int index, string id)
    {
        _duplicates++;
        if (_all is not null)
        {
            _all[index] = new ItemResult(index, id, ItemResult.Duplicate);
        }
    }

    /// <summary>Records a rejection; rejections arrive in batch order, so the listed ones are the first.</summary>
    public void Rejected(int index, string? id, string field, string reason)
    {
        _rejectedCount++;
        if (_all is not null)
        {
            _all[index] = new ItemResult(index, id, ItemResult.Rejected, field, reason);
        }
        else if (_rejected.Count < BatchResult.MaxListedItems)
        {
            _rejected.Add(new ItemResult(index, id, ItemResult.Rejected, field, reason));
        }
    }

    public BatchResult Build() => new(count, _accepted, _duplicates, _rejectedCount, _all ?? (IReadOnlyList<ItemResult>)_rejected);
}
