using System.Buffers;

namespace Observability.Otlp.Wire;

/// <summary>
/// A growable list of values in arrays rented from the shared pool and given back by <see cref="Release"/>: a request's
/// attribute slices (some 5,000 for 512 records) were a list grown by doubling into the large object heap, new for
/// every request.
/// </summary>
internal sealed class PooledList<T>
    where T : struct
{
    private T[] _items = [];

    public int Count { get; private set; }

    public ref readonly T this[int index] => ref _items.AsSpan(0, Count)[index];

    /// <summary>The items, to be walked without a bounds check per item.</summary>
    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public void Add(in T item)
    {
        if (Count == _items.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Max(64, _items.Length * 2));
            _items.AsSpan(0, Count).CopyTo(larger);
            Give(_items);
            _items = larger;
        }

        _items[Count++] = item;
    }

    /// <summary>Gives the array back; the list is then empty.</summary>
    public void Release()
    {
        Give(_items);
        _items = [];
        Count = 0;
    }

    private static void Give(T[] items)
    {
        if (items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(items);
        }
    }
}
