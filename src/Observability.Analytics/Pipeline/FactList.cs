using System.Runtime.InteropServices;

namespace Observability.Analytics.Pipeline;

/// <summary>
/// The pipeline facts in log order, in chunks of <see cref="ChunkSize"/> that never move once full: appending the
/// ten-millionth fact copies nothing. One array doubled instead, and at some 8 million facts copying its 400 MB held
/// the projection thread, and every writer behind it, for a noticeable part of a second.
/// </summary>
/// <remarks>The first chunk grows by doubling up to its full size, so a small log holds a small array.</remarks>
internal sealed class FactList
{
    /// <summary>Facts per chunk: a full chunk is some 3.5 MB.</summary>
    public const int ChunkSize = 1 << ChunkShift;

    private const int ChunkShift = 16;
    private const int Mask = ChunkSize - 1;
    private readonly List<PipelineFact[]> _chunks = [new PipelineFact[1024]];

    /// <summary>How many facts are held.</summary>
    public int Count { get; private set; }

    /// <summary>How many chunks hold facts.</summary>
    public int ChunkCount => (Count + Mask) >> ChunkShift;

    public void Add(in PipelineFact fact)
    {
        var chunk = Count >> ChunkShift;
        var at = Count & Mask;
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new PipelineFact[ChunkSize]);
        }
        else if (at == _chunks[chunk].Length)
        {
            // Only the first chunk is ever short.
            var first = _chunks[0];
            Array.Resize(ref first, Math.Min(ChunkSize, first.Length * 2));
            _chunks[0] = first;
        }

        _chunks[chunk][at] = fact;
        Count++;
    }

    /// <summary>The facts of chunk <paramref name="index"/>, in order: chunk i holds facts i × <see cref="ChunkSize"/> onward.</summary>
    public ReadOnlySpan<PipelineFact> Chunk(int index) =>
        _chunks[index].AsSpan(0, Math.Min(ChunkSize, Count - (index << ChunkShift)));

    /// <summary>Replaces the facts with <paramref name="count"/> read from <paramref name="stream"/>, as <see cref="Chunk"/> gave their bytes.</summary>
    /// <exception cref="EndOfStreamException">The stream holds fewer.</exception>
    public void Load(Stream stream, int count)
    {
        _chunks.Clear();
        Count = 0;
        while (Count < count)
        {
            var size = Math.Min(ChunkSize, count - Count);
            var chunk = new PipelineFact[Count == 0 ? Math.Max(1024, size) : ChunkSize];
            stream.ReadExactly(MemoryMarshal.AsBytes(chunk.AsSpan(0, size)));
            _chunks.Add(chunk);
            Count += size;
        }

        if (_chunks.Count == 0)
        {
            _chunks.Add(new PipelineFact[1024]);
        }
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>The facts in order, chunk by chunk.</summary>
    public struct Enumerator(FactList list)
    {
        private PipelineFact[] _chunk = [];
        private int _index = -1;

        public readonly ref readonly PipelineFact Current => ref _chunk[_index & Mask];

        public bool MoveNext()
        {
            if (++_index >= list.Count)
            {
                return false;
            }

            if ((_index & Mask) == 0)
            {
                _chunk = list._chunks[_index >> ChunkShift];
            }

            return true;
        }
    }
}
