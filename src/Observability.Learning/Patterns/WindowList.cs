using Observability.Projections;

namespace Observability.Learning.Patterns;

/// <summary>
/// Items in arrival order, removed from the front when they leave the window; each keeps a sequence number
/// (<see cref="First"/> + its index) that stays valid until it is removed, so a task can point at its failures.
/// </summary>
internal sealed class WindowList<T>
{
    private readonly List<T> _items = [];
    private int _head;

    /// <summary>The sequence number of the oldest item kept.</summary>
    public long First { get; private set; }

    public int Count => _items.Count - _head;

    /// <summary>The sequence number the next item gets.</summary>
    public long Next => First + Count;

    public T this[int index] => _items[_head + index];

    public long Add(T item)
    {
        _items.Add(item);
        return Next - 1;
    }

    public bool TryGet(long sequence, out T item)
    {
        if (sequence < First || sequence >= Next)
        {
            item = default!;
            return false;
        }

        item = _items[_head + (int)(sequence - First)];
        return true;
    }

    public void Set(long sequence, T item) => _items[_head + (int)(sequence - First)] = item;

    /// <summary>Removes items from the front while <paramref name="old"/> holds for the oldest, or while more than <paramref name="max"/> are kept.</summary>
    public void Trim(Func<T, bool> old, int max)
    {
        while (Count > 0 && (Count > max || old(_items[_head])))
        {
            _items[_head] = default!;
            _head++;
            First++;
        }

        if (_head > 1024 && _head > _items.Count / 2)
        {
            _items.RemoveRange(0, _head);
            _head = 0;
        }
    }

    public void Write(BinaryWriter writer, Action<BinaryWriter, T> write)
    {
        writer.Write(First);
        writer.Write(Count);
        for (var i = 0; i < Count; i++)
        {
            write(writer, this[i]);
        }
    }

    public void Read(BinaryReader reader, Func<BinaryReader, T> read)
    {
        _items.Clear();
        _head = 0;
        First = reader.ReadInt64();
        for (int i = 0, count = reader.ReadCount(); i < count; i++)
        {
            _items.Add(read(reader));
        }
    }
}
