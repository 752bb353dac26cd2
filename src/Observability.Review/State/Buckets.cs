namespace Observability.Review.State;

/// <summary>
/// Sums per time bucket (an hour of stage runs, a day of usage), keyed by the bucket's start in ticks: adding is
/// O(log n), and buckets older than a horizon are dropped as later events arrive, so the state stays bounded.
/// </summary>
internal sealed class Buckets
{
    private readonly SortedDictionary<long, double[]> _buckets = [];

    /// <summary>Figures per bucket (e.g. runs, failures, timeouts).</summary>
    public Buckets(int width) => Width = width;

    public int Width { get; }

    public IEnumerable<KeyValuePair<long, double[]>> All => _buckets;

    public int Count => _buckets.Count;

    public void Add(long bucket, int figure, double value)
    {
        if (!_buckets.TryGetValue(bucket, out var sums))
        {
            _buckets[bucket] = sums = new double[Width];
        }

        sums[figure] += value;
    }

    /// <summary>The sums of <paramref name="figure"/> over buckets in [from, to).</summary>
    public double Sum(long from, long to, int figure)
    {
        var sum = 0.0;
        foreach (var (bucket, sums) in _buckets)
        {
            if (bucket >= to)
            {
                break;
            }

            if (bucket >= from)
            {
                sum += sums[figure];
            }
        }

        return sum;
    }

    /// <summary>The figure of one bucket, 0 when none.</summary>
    public double Get(long bucket, int figure) => _buckets.TryGetValue(bucket, out var sums) ? sums[figure] : 0;

    /// <summary>The first bucket held, or null.</summary>
    public long? First => _buckets.Count == 0 ? null : _buckets.Keys.First();

    public void DropBefore(long horizon)
    {
        while (_buckets.Count > 0 && _buckets.Keys.First() is var first && first < horizon)
        {
            _buckets.Remove(first);
        }
    }

    public void Write(BinaryWriter w)
    {
        w.Write(_buckets.Count);
        foreach (var (bucket, sums) in _buckets)
        {
            w.Write(bucket);
            foreach (var s in sums)
            {
                w.Write(s);
            }
        }
    }

    public static Buckets Read(BinaryReader r, int width)
    {
        var b = new Buckets(width);
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var key = r.ReadInt64();
            var sums = new double[width];
            for (var f = 0; f < width; f++)
            {
                sums[f] = r.ReadDouble();
            }

            b._buckets[key] = sums;
        }

        return b;
    }
}
