namespace Observability.Review.State;

/// <summary>The last <see cref="Capacity"/> occurrences of something, oldest first: bounded, so memory is.</summary>
internal sealed class OccurrenceList(int capacity)
{
    private readonly Queue<Occurrence> _items = new();

    public int Capacity { get; } = capacity;

    public int Count => _items.Count;

    public IEnumerable<Occurrence> Items => _items;

    public DateTimeOffset? Last { get; private set; }

    public void Add(Occurrence occurrence)
    {
        _items.Enqueue(occurrence);
        if (Last is null || occurrence.At > Last)
        {
            Last = occurrence.At;
        }

        while (_items.Count > Capacity)
        {
            _items.Dequeue();
        }
    }

    /// <summary>Those at or after <paramref name="from"/> and not after <paramref name="to"/>.</summary>
    public List<Occurrence> Between(DateTimeOffset from, DateTimeOffset to) => [.. _items.Where(o => o.At >= from && o.At <= to)];

    public void Write(BinaryWriter w)
    {
        w.Write(_items.Count);
        foreach (var o in _items)
        {
            o.Write(w);
        }
    }

    public static OccurrenceList Read(BinaryReader r, int capacity)
    {
        var list = new OccurrenceList(capacity);
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            list.Add(Occurrence.Read(r));
        }

        return list;
    }
}
