namespace Observability.Ingestion.Tests;

public sealed class StoredIdSetTests
{
    [Fact]
    public void Add_ManyKeysThroughEveryShardsGrowth_EachIsFoundOnceAndAbsentKeysAreNot()
    {
        var set = new StoredIdSet();
        var reference = new HashSet<UInt128>();
        var random = new Random(17);
        for (var i = 0; i < 200_000; i++)
        {
            var key = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            Assert.Equal(reference.Add(key), set.Add(key));
        }

        Assert.Equal(reference.Count, set.Count);
        Assert.All(reference, key => Assert.True(set.Contains(key)));
        Assert.All(reference, key => Assert.False(set.Add(key)));
        for (var i = 0; i < 10_000; i++)
        {
            var absent = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            Assert.Equal(reference.Contains(absent), set.Contains(absent));
        }

        Assert.Equal(reference.Order(), set.Keys().Order());
    }

    [Fact]
    public void Add_KeysThatShareAShardAndLowBits_ProbeToTheirOwnSlots()
    {
        // One shard (the same top bits) and the same low bits: every key lands on the same first slot.
        var set = new StoredIdSet();
        var keys = Enumerable.Range(1, 500).Select(i => new UInt128((ulong)i << 32, 0x1234)).ToArray();

        Assert.All(keys, key => Assert.True(set.Add(key)));
        Assert.All(keys, key => Assert.True(set.Contains(key)));
        Assert.False(set.Contains(new UInt128(501UL << 32, 0x1234)));
        Assert.Equal(500, set.Count);
    }

    [Fact]
    public void Add_TheAllZeroKey_IsKeptLikeAnyOther()
    {
        var set = new StoredIdSet();

        Assert.False(set.Contains(UInt128.Zero));
        Assert.True(set.Add(UInt128.Zero));
        Assert.False(set.Add(UInt128.Zero));
        Assert.True(set.Contains(UInt128.Zero));
        Assert.True(set.Add(UInt128.One));
        Assert.Equal(2, set.Count);
        Assert.Equal([UInt128.Zero, UInt128.One], set.Keys().Order());
    }

    [Fact]
    public void EnsureCapacity_ThenAdds_HoldsTheSameKeys()
    {
        var set = new StoredIdSet();
        set.EnsureCapacity(100_000);
        var random = new Random(3);
        var keys = Enumerable.Range(0, 100_000).Select(_ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())).ToArray();

        Assert.All(keys, key => Assert.True(set.Add(key)));
        Assert.Equal(keys.Length, set.Count);
        Assert.All(keys, key => Assert.True(set.Contains(key)));
    }
}
