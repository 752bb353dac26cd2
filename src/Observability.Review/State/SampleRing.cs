namespace Observability.Review.State;

/// <summary>The last <see cref="Capacity"/> durations (seconds) of one task type, for its p95 cycle time.</summary>
internal sealed class SampleRing
{
    public const int Capacity = 256;
    private readonly double[] _values = new double[Capacity];
    private int _next;

    public int Count { get; private set; }

    public void Add(double value)
    {
        _values[_next] = value;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>
    /// The nearest-rank percentile (the smallest value with at least ⌈p·n⌉ values at or below it, as
    /// <c>RingWindow</c>): always an observed duration.
    /// </summary>
    public double Percentile(double p)
    {
        var sorted = _values.AsSpan(0, Count).ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Count);
        w.Write(_next);
        for (var i = 0; i < Count; i++)
        {
            w.Write(_values[i]);
        }
    }

    public static SampleRing Read(BinaryReader r)
    {
        var ring = new SampleRing { Count = r.ReadCount(), _next = r.ReadCount() };
        if (ring.Count > Capacity || ring._next >= Capacity)
        {
            throw new InvalidDataException("A cycle-time ring in the state is larger than its capacity.");
        }

        for (var i = 0; i < ring.Count; i++)
        {
            ring._values[i] = r.ReadDouble();
        }

        return ring;
    }
}
