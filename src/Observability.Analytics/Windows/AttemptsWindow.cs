using System.Runtime.InteropServices;

namespace Observability.Analytics.Windows;

/// <summary>
/// The attempts of the last <see cref="Capacity"/> merges: a ring buffer plus a count per distinct attempts value,
/// so adding one is O(1) and a percentile costs O(distinct values) (a handful: attempts are small integers).
/// </summary>
/// <remarks>
/// Percentiles use the nearest-rank definition: the p-th percentile of n values is the smallest value v such that at
/// least ⌈p·n⌉ of the values are ≤ v. It is always one of the observed values (no interpolation), so "p95 = 3" means
/// 95 of the last 100 merges took 3 attempts or fewer.
/// </remarks>
internal sealed class AttemptsWindow
{
    private readonly int[] _ring;
    private readonly Dictionary<int, int> _counts = [];
    private int _next;

    public AttemptsWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new int[capacity];
    }

    public int Capacity => _ring.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _ring.Length;

    /// <summary>Distinct attempts values in the window (the cost of a percentile query).</summary>
    public int Distinct => _counts.Count;

    public void Add(int attempts)
    {
        if (IsFull)
        {
            var old = _ring[_next];
            ref var oldCount = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, old);
            if (--oldCount == 0)
            {
                _counts.Remove(old);
            }
        }
        else
        {
            Count++;
        }

        _ring[_next] = attempts;
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, attempts, out _)++;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
    }

    /// <summary>The nearest-rank percentile once the window is full; undefined (null) before.</summary>
    public int? Percentile(double p) => IsFull ? NearestRank(p) : null;

    /// <summary>The nearest-rank percentile of whatever the window holds; null when empty.</summary>
    public int? NearestRank(double p)
    {
        if (Count == 0)
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
}
