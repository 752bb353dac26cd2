namespace Observability.Ingestion;

/// <summary>
/// The durable ids' 128-bit keys: open addressing with linear probing over flat arrays of keys, in shards by the key's
/// top bits. Keys are keyed hashes, uniformly spread, so a key's own bits place it. Not thread-safe: the index locks.
/// </summary>
/// <remarks>
/// <para>
/// A <c>Dictionary&lt;UInt128, Ticket?&gt;</c> held these before: 36 bytes per id in two arrays (two cache misses per
/// lookup), a reference per entry for the garbage collector to scan, and one table that doubled under the index's lock:
/// copying 12 million ids stopped every writer for 1.5-2.3 seconds (the benchmarks' id-index). Here a slot is the key alone
/// (16 bytes, at most 3/4 full), a lookup reads one line, the arrays hold no references, and a shard grows alone, a
/// 1/<see cref="Shards"/> of the pause.
/// </para>
/// <para>The all-zero key marks an empty slot, so that one key (a 2⁻¹²⁸ chance) is kept aside in a flag.</para>
/// </remarks>
internal sealed class StoredIdSet
{
    /// <summary>Shards: the top <see cref="ShardBits"/> bits of a key choose its shard.</summary>
    public const int Shards = 1 << ShardBits;

    private const int ShardBits = 6;
    private const int InitialSlots = 64;

    private readonly UInt128[][] _slots = new UInt128[Shards][];
    private readonly int[] _counts = new int[Shards];
    private bool _hasZero;

    public StoredIdSet()
    {
        for (var i = 0; i < Shards; i++)
        {
            _slots[i] = new UInt128[InitialSlots];
        }
    }

    /// <summary>How many keys the set holds.</summary>
    public int Count { get; private set; }

    public bool Contains(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            return _hasZero;
        }

        var slots = _slots[ShardOf(key)];
        var mask = slots.Length - 1;
        for (var i = (int)(ulong)key & mask; ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == key)
            {
                return true;
            }

            if (slot == UInt128.Zero)
            {
                return false;
            }
        }
    }

    /// <summary>Adds the key; false if it was there already.</summary>
    public bool Add(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        var shard = ShardOf(key);
        if (!Insert(_slots[shard], key))
        {
            return false;
        }

        Count++;
        if (++_counts[shard] > _slots[shard].Length / 4 * 3)
        {
            Grow(shard);
        }

        return true;
    }

    /// <summary>Room for <paramref name="count"/> keys in all, spread evenly, so a restore does not grow shard by shard.</summary>
    public void EnsureCapacity(int count)
    {
        var perShard = (long)count / Shards * 4 / 3 + 1;
        for (var shard = 0; shard < Shards; shard++)
        {
            while (_slots[shard].Length < perShard)
            {
                Grow(shard);
            }
        }
    }

    /// <summary>Every key, in no particular order.</summary>
    public IEnumerable<UInt128> Keys()
    {
        if (_hasZero)
        {
            yield return UInt128.Zero;
        }

        foreach (var slots in _slots)
        {
            foreach (var slot in slots)
            {
                if (slot != UInt128.Zero)
                {
                    yield return slot;
                }
            }
        }
    }

    private static int ShardOf(UInt128 key) => (int)(ulong)(key >> (128 - ShardBits));

    private static bool Insert(UInt128[] slots, UInt128 key)
    {
        var mask = slots.Length - 1;
        for (var i = (int)(ulong)key & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot == key)
            {
                return false;
            }

            if (slot == UInt128.Zero)
            {
                slot = key;
                return true;
            }
        }
    }

    private void Grow(int shard)
    {
        var larger = new UInt128[_slots[shard].Length * 2];
        foreach (var key in _slots[shard])
        {
            if (key != UInt128.Zero)
            {
                Insert(larger, key);
            }
        }

        _slots[shard] = larger;
    }
}
