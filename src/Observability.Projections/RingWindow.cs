using System.Runtime.InteropServices;

namespace Observability.Projections;

/// <summary>
/// The last <see cref="Capacity"/> values in a ring buffer with their running sum, and, when asked for, a count per
/// distinct value: adding one is O(1), a rate one division, a percentile O(distinct values). The one rolling window of
/// every view: yes/no outcomes (1 and 0: the success rate per agent type, the first-pass and rebase-conflict merge
/// rates) and small whole numbers (attempts to merge).
/// </summary>
/// <remarks>
/// Percentiles use the nearest-rank definition: the p-th percentile of n values is the smallest value v such that at
/// least ⌈p·n⌉ of the values are ≤ v. It is always one of the observed values (no interpolation), so "p95 = 3" means
/// 95 of the last 100 values were 3 or less.
/// </remarks>
public sealed class RingWindow
{
    private readonly int[] _ring;
    private readonly Dictionary<int, int>? _counts;
    private int _next;

    /// <param name="capacity">How many values it holds.</param>
    /// <param name="trackValues">Count each distinct value, for percentiles.</param>
    public RingWindow(int capacity, bool trackValues = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new int[capacity];
        _counts = trackValues ? [] : null;
    }

    /// <summary>How many values it holds when full.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Values held, at most <see cref="Capacity"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The sum of the values held: the yeses of yes/no outcomes.</summary>
    public long Sum { get; private set; }

    /// <summary>Whether it holds <see cref="Capacity"/> values.</summary>
    public bool IsFull => Count == _ring.Length;

    /// <summary>Distinct values held (the cost of a percentile); 0 without value counts.</summary>
    public int Distinct => _counts?.Count ?? 0;

    /// <summary>The sum over the capacity once full; undefined (null) before.</summary>
    public double? FullRate => IsFull ? (double)Sum / _ring.Length : null;

    /// <summary>The sum over the values held; null when empty.</summary>
    public double? Rate => Count == 0 ? null : (double)Sum / Count;

    /// <summary>Adds a yes (1) or no (0).</summary>
    public void Add(bool yes) => Add(yes ? 1 : 0);

    /// <summary>Adds a value, dropping the oldest once full.</summary>
    public void Add(int value)
    {
        if (IsFull)
        {
            var old = _ring[_next];
            Sum -= old;
            if (_counts is not null)
            {
                ref var oldCount = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, old);
                if (--oldCount == 0)
                {
                    _counts.Remove(old);
                }
            }
        }
        else
        {
            Count++;
        }

        _ring[_next] = value;
        Sum += value;
        if (_counts is not null)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _)++;
        }

        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
    }

    /// <summary>The nearest-rank percentile once full; undefined (null) before.</summary>
    public int? FullPercentile(double p) => IsFull ? NearestRank(p) : null;

    /// <summary>The nearest-rank percentile of whatever it holds; null when empty or without value counts.</summary>
    public int? NearestRank(double p)
    {
        if (Count == 0 || _counts is null)
        {
            return null;
        }

        // Rounded first: 0.95 * 20 is 19.000000000000004 in binary floating point, whose ceiling would be 20.
        var rank = Math.Max(1, (int)Math.Ceiling(Math.Round(p * Count, 9)));
        var seen = 0;
        foreach (var value in _counts.Keys.Order())
        {
            seen += _counts[value];
            if (seen >= rank)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Writes the values in the order they were added, oldest first.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_ring.Length);
        writer.Write(Count);
        var oldest = IsFull ? _next : 0;
        for (var i = 0; i < Count; i++)
        {
            writer.Write(_ring[(oldest + i) % _ring.Length]);
        }
    }

    /// <summary>A window holding what <see cref="WriteTo"/> wrote; the sum and counts are recomputed, so they cannot disagree.</summary>
    /// <exception cref="InvalidDataException">The data is not a window of <paramref name="capacity"/>.</exception>
    public static RingWindow ReadFrom(BinaryReader reader, int capacity, bool trackValues = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var written = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (written != capacity || count < 0 || count > capacity)
        {
            throw new InvalidDataException($"The snapshot's window holds {count} of {written}, not a window of {capacity}.");
        }

        var window = new RingWindow(capacity, trackValues);
        for (var i = 0; i < count; i++)
        {
            window.Add(reader.ReadInt32());
        }

        return window;
    }
}
