namespace Observability.Analytics.Windows;

/// <summary>
/// The last <see cref="Capacity"/> yes/no outcomes in a ring buffer with a running count of the yeses: adding one is
/// O(1) and the rate is one division.
/// </summary>
internal sealed class RateWindow
{
    private readonly bool[] _ring;
    private int _next;

    public RateWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new bool[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Outcomes held, at most <see cref="Capacity"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The yeses among them.</summary>
    public int Hits { get; private set; }

    public bool IsFull => Count == _ring.Length;

    /// <summary>Hits over capacity once the window is full; undefined (null) before, as seed 004 Q5 asks.</summary>
    public double? Rate => IsFull ? (double)Hits / _ring.Length : null;

    public void Add(bool hit)
    {
        if (IsFull)
        {
            if (_ring[_next])
            {
                Hits--;
            }
        }
        else
        {
            Count++;
        }

        _ring[_next] = hit;
        if (hit)
        {
            Hits++;
        }

        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
    }
}
