namespace Observability.Learning.Context;

/// <summary>The newest finished attempts, at most a fixed number; read newest first.</summary>
internal sealed class HistoryRing(int capacity)
{
    private readonly HistoryEntry[] _entries = new HistoryEntry[capacity];
    private int _next;

    public int Count { get; private set; }

    public void Add(HistoryEntry entry)
    {
        _entries[_next] = entry;
        _next = (_next + 1) % _entries.Length;
        Count = Math.Min(Count + 1, _entries.Length);
    }

    public IEnumerable<HistoryEntry> NewestFirst()
    {
        for (var i = 1; i <= Count; i++)
        {
            yield return _entries[(_next - i + _entries.Length) % _entries.Length];
        }
    }

    /// <summary>Oldest first, as they were added.</summary>
    public IEnumerable<HistoryEntry> OldestFirst() => NewestFirst().Reverse();

    public void Clear()
    {
        Array.Clear(_entries);
        _next = 0;
        Count = 0;
    }
}
