using System.Runtime.InteropServices;
using Observability.Analytics.Pipeline;

namespace Observability.Analytics.Tests.Pipeline;

public sealed class FactListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    [InlineData(FactList.ChunkSize)]
    [InlineData((3 * FactList.ChunkSize) + 17)]
    public void Add_ManyFacts_EnumeratedAndChunkedInOrder(int count)
    {
        var list = new FactList();

        for (var i = 0; i < count; i++)
        {
            list.Add(Fact(i));
        }

        Assert.Equal(count, list.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), Ticks(list));
        Assert.Equal((count + FactList.ChunkSize - 1) / FactList.ChunkSize, list.ChunkCount);
        var chunked = Enumerable.Range(0, list.ChunkCount).SelectMany(c => list.Chunk(c).ToArray()).Select(f => f.Ticks);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), chunked);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(FactList.ChunkSize)]
    [InlineData(FactList.ChunkSize + 1)]
    [InlineData((2 * FactList.ChunkSize) + 3)]
    public void Load_TheChunksBytes_TheSameFactsAndMoreMayBeAdded(int count)
    {
        var written = new FactList();
        for (var i = 0; i < count; i++)
        {
            written.Add(Fact(i));
        }

        using var bytes = new MemoryStream();
        for (var c = 0; c < written.ChunkCount; c++)
        {
            bytes.Write(MemoryMarshal.AsBytes(written.Chunk(c)));
        }

        bytes.Position = 0;
        var read = new FactList();
        read.Add(Fact(-1));

        read.Load(bytes, count);
        for (var i = count; i < count + 2_000; i++)
        {
            read.Add(Fact(i));
        }

        Assert.Equal(Enumerable.Range(0, count + 2_000).Select(i => (long)i), Ticks(read));
    }

    [Fact]
    public void Load_FewerBytesThanTheCount_Throws()
    {
        using var bytes = new MemoryStream(new byte[100]);

        Assert.Throws<EndOfStreamException>(() => new FactList().Load(bytes, 1_000_000));
    }

    private static PipelineFact Fact(int i) => new(i, FactKind.TaskStarted, i, -1, -1, -1, -1, double.NaN, i, 0);

    private static List<long> Ticks(FactList list)
    {
        var ticks = new List<long>(list.Count);
        foreach (var f in list)
        {
            ticks.Add(f.Ticks);
        }

        return ticks;
    }
}
