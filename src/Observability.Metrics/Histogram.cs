namespace Observability.Metrics;

/// <summary>One histogram series: observations counted into buckets, with their sum.</summary>
/// <remarks>
/// <para>
/// Lock-free observations with consistent scrapes, after client_golang's hot/cold scheme. Every
/// observation first increments a start counter whose top bit names the "hot" shard, then adds its
/// value to that shard's sum, then increments the shard's bucket. The bucket increment is the last
/// write, so a shard whose bucket counts add up to the number of observations started on it has all
/// their sums too. A scrape flips the hot bit, waits for the now-cold shard's bucket total to reach
/// the start count it got back, reads it, and folds it into the new hot shard.
/// </para>
/// <para>
/// The guarantee: every scrape sees buckets, sum and count taken from the same set of observations,
/// and <c>_count</c> is by construction the <c>+Inf</c> bucket. Observers never wait; scrapes of one
/// series are serialized by a lock that observers never take.
/// </para>
/// </remarks>
public sealed class Histogram
{
    private readonly MetricRegistry _registry;
    private readonly double[] _upperBounds;
    private readonly Counter? _foldedUpdates;
    private readonly Shard _shard0;
    private readonly Shard _shard1;
    private readonly Lock _collectLock = new();
    private RecordedExemplar?[]? _exemplars;
    private long _createdUnixMilliseconds;

    // Bit 63: which shard is hot (0 or 1). Bits 0-62: observations started since creation.
    private long _countAndHotIndex;

    internal Histogram(MetricRegistry registry, double[] upperBounds, Counter? foldedUpdates)
    {
        _registry = registry;
        _upperBounds = upperBounds;
        _foldedUpdates = foldedUpdates;
        _shard0 = new Shard(upperBounds.Length + 1);
        _shard1 = new Shard(upperBounds.Length + 1);
        _createdUnixMilliseconds = registry.NowUnixMilliseconds();
    }

    /// <summary>
    /// When the series started counting from 0, by the registry's clock: when it was created, or the creation time a
    /// snapshot restored. OpenMetrics exposes it as the <c>_created</c> sample.
    /// </summary>
    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(CreatedUnixMilliseconds);

    internal long CreatedUnixMilliseconds => Volatile.Read(ref _createdUnixMilliseconds);

    /// <summary>Sets the creation time read back from a snapshot.</summary>
    internal void RestoreCreated(DateTimeOffset created) => Volatile.Write(ref _createdUnixMilliseconds, created.ToUnixTimeMilliseconds());

    /// <summary>Records one observation. NaN lands in the <c>+Inf</c> bucket, as in client_golang.</summary>
    public void Observe(double value) => ObserveInto(BucketIndex(value), value);

    /// <summary>Records one observation and an exemplar on the bucket it lands in (shown in OpenMetrics).</summary>
    public void Observe(double value, Exemplar exemplar)
    {
        ArgumentNullException.ThrowIfNull(exemplar);
        var index = BucketIndex(value);
        ObserveInto(index, value);
        var exemplars = Volatile.Read(ref _exemplars)
            ?? Interlocked.CompareExchange(ref _exemplars, new RecordedExemplar?[_upperBounds.Length + 1], null)
            ?? Volatile.Read(ref _exemplars)!;
        Volatile.Write(ref exemplars[index], new RecordedExemplar(exemplar, value, _registry.NowUnixMilliseconds()));
    }

    /// <summary>
    /// A consistent copy of the series: per-bucket (not cumulative) counts, the last of them for
    /// <c>+Inf</c>, and the sum of the same observations.
    /// </summary>
    internal HistogramSnapshot Snapshot(long[] bucketCounts)
    {
        lock (_collectLock)
        {
            // Adding 2^63 flips the hot bit and leaves the start count in the low bits.
            var started = Interlocked.Add(ref _countAndHotIndex, long.MinValue);
            var count = started & long.MaxValue;
            var hot = started < 0 ? _shard1 : _shard0;
            var cold = started < 0 ? _shard0 : _shard1;

            // Observers that started on the cold shard finish in a few instructions; spin until they have.
            var spin = default(SpinWait);
            while (cold.Total() != count)
            {
                spin.SpinOnce();
            }

            var sum = AtomicDouble.Read(ref cold.SumBits);
            for (var i = 0; i < bucketCounts.Length; i++)
            {
                bucketCounts[i] = Volatile.Read(ref cold.Buckets[i]);
            }

            // Fold the cold shard into the hot one so that the next flip finds everything there.
            for (var i = 0; i < bucketCounts.Length; i++)
            {
                var moved = Interlocked.Exchange(ref cold.Buckets[i], 0);
                if (moved != 0)
                {
                    Interlocked.Add(ref hot.Buckets[i], moved);
                }
            }

            AtomicDouble.Add(ref hot.SumBits, BitConverter.Int64BitsToDouble(Interlocked.Exchange(ref cold.SumBits, 0)));
            return new HistogramSnapshot(count, sum);
        }
    }

    /// <summary>
    /// Adds per-bucket (not cumulative) counts, <c>+Inf</c> last, and their sum, read back from a snapshot,
    /// as if those observations had just been made; they are not counted as folded updates.
    /// </summary>
    /// <remarks>
    /// The counts go in as observations do: the start count first, then the sum and the buckets of the
    /// shard it names as hot. Holding the collect lock keeps scrapes out meanwhile, so the hot shard cannot
    /// change underneath and no scrape waits for buckets to match a start count that is still being added
    /// to; concurrent observers are unaffected.
    /// </remarks>
    internal void Restore(ReadOnlySpan<long> bucketCounts, double sum)
    {
        long total = 0;
        foreach (var count in bucketCounts)
        {
            total = checked(total + count);
        }

        lock (_collectLock)
        {
            var started = Interlocked.Add(ref _countAndHotIndex, total);
            var hot = started < 0 ? _shard1 : _shard0;
            AtomicDouble.Add(ref hot.SumBits, sum);
            for (var i = 0; i < bucketCounts.Length; i++)
            {
                if (bucketCounts[i] != 0)
                {
                    Interlocked.Add(ref hot.Buckets[i], bucketCounts[i]);
                }
            }
        }
    }

    internal RecordedExemplar? ExemplarAt(int bucket) => Volatile.Read(ref _exemplars) is { } e ? Volatile.Read(ref e[bucket]) : null;

    private void ObserveInto(int index, double value)
    {
        var started = Interlocked.Increment(ref _countAndHotIndex);
        var hot = started < 0 ? _shard1 : _shard0;
        AtomicDouble.Add(ref hot.SumBits, value);
        Interlocked.Increment(ref hot.Buckets[index]);
        _foldedUpdates?.Inc();
    }

    private int BucketIndex(double value)
    {
        var bounds = _upperBounds;
        if (bounds.Length <= 16)
        {
            var i = 0;

            // "!(value <= bound)" sends NaN past every bound, into +Inf.
            while (i < bounds.Length && !(value <= bounds[i]))
            {
                i++;
            }

            return i;
        }

        if (double.IsNaN(value))
        {
            return bounds.Length;
        }

        var lo = 0;
        var hi = bounds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value <= bounds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private sealed class Shard(int buckets)
    {
        public readonly long[] Buckets = new long[buckets];
        public long SumBits;

        public long Total()
        {
            long total = 0;
            foreach (ref var b in Buckets.AsSpan())
            {
                total += Volatile.Read(ref b);
            }

            return total;
        }
    }
}
