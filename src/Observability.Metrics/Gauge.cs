namespace Observability.Metrics;

/// <summary>One gauge series: a value that can go up and down.</summary>
/// <remarks><see cref="Set"/> is one atomic exchange; <see cref="Inc"/> and <see cref="Dec"/> a compare-exchange loop.</remarks>
public sealed class Gauge
{
    private readonly Counter? _foldedUpdates;
    private long _bits;

    internal Gauge(Counter? foldedUpdates) => _foldedUpdates = foldedUpdates;

    /// <summary>The current value.</summary>
    public double Value => AtomicDouble.Read(ref _bits);

    /// <summary>Sets the value.</summary>
    public void Set(double value)
    {
        Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));
        _foldedUpdates?.Inc();
    }

    /// <summary>Sets a value read back from a snapshot; the import is not an update, so no folded update is counted.</summary>
    internal void Restore(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Adds <paramref name="amount"/> (default 1).</summary>
    public void Inc(double amount = 1)
    {
        AtomicDouble.Add(ref _bits, amount);
        _foldedUpdates?.Inc();
    }

    /// <summary>Subtracts <paramref name="amount"/> (default 1).</summary>
    public void Dec(double amount = 1) => Inc(-amount);
}
