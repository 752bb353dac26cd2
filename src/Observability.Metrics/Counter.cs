namespace Observability.Metrics;

/// <summary>One counter series: a total that only goes up.</summary>
/// <remarks>
/// Whole increments are one <see cref="Interlocked.Increment(ref long)"/>; fractional ones a
/// compare-exchange loop on a second cell holding a double, so the common case never loops.
/// A scrape reads both cells; the value it sees is a total that really existed or a later one,
/// never a decrease.
/// </remarks>
public sealed class Counter
{
    // 2^53: beyond it a double no longer holds every whole number, so such increments go to the double cell.
    private const double MaxExactWhole = 9007199254740992d;

    // 2^63: the first whole number the long cell cannot hold.
    private const double LongCellLimit = 9223372036854775808d;

    private readonly MetricRegistry _registry;
    private readonly Counter? _foldedUpdates;
    private long _whole;
    private long _fractionBits;
    private long _createdUnixMilliseconds;
    private RecordedExemplar? _exemplar;

    internal Counter(MetricRegistry registry, Counter? foldedUpdates)
    {
        _registry = registry;
        _foldedUpdates = foldedUpdates;
        _createdUnixMilliseconds = registry.NowUnixMilliseconds();
    }

    /// <summary>The current total.</summary>
    public double Value => Volatile.Read(ref _whole) + AtomicDouble.Read(ref _fractionBits);

    /// <summary>
    /// When the series started counting from 0, by the registry's clock: when it was created, or the creation time a
    /// snapshot restored (<see cref="RestoreCreated"/>). OpenMetrics exposes it as the <c>_created</c> sample.
    /// </summary>
    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(CreatedUnixMilliseconds);

    internal long CreatedUnixMilliseconds => Volatile.Read(ref _createdUnixMilliseconds);

    internal RecordedExemplar? Exemplar => Volatile.Read(ref _exemplar);

    /// <summary>Adds one.</summary>
    public void Inc()
    {
        Interlocked.Increment(ref _whole);
        _foldedUpdates?.Inc();
    }

    /// <summary>Adds a whole amount; a negative amount throws.</summary>
    public void Inc(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Interlocked.Add(ref _whole, amount);
        _foldedUpdates?.Inc();
    }

    /// <summary>Adds an amount; a negative or NaN amount throws, since a counter never goes down.</summary>
    public void Inc(double amount)
    {
        if (!(amount >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A counter increment must be zero or positive.");
        }

        if (amount < MaxExactWhole && amount == Math.Floor(amount))
        {
            Interlocked.Add(ref _whole, (long)amount);
        }
        else
        {
            AtomicDouble.Add(ref _fractionBits, amount);
        }

        _foldedUpdates?.Inc();
    }

    /// <summary>Adds an amount and records an exemplar for it (shown in OpenMetrics).</summary>
    public void Inc(double amount, Exemplar exemplar)
    {
        ArgumentNullException.ThrowIfNull(exemplar);
        Inc(amount);
        Volatile.Write(ref _exemplar, new RecordedExemplar(exemplar, amount, _registry.NowUnixMilliseconds()));
    }

    /// <summary>
    /// Adds a total read back from a snapshot (zero or positive, validated by the caller) without counting
    /// a folded update: the import is not an update, and the folded count is restored on its own.
    /// </summary>
    /// <remarks>
    /// On a new counter the value is then exactly <paramref name="total"/>. Its whole part goes to the
    /// whole cell, where whole increments put it before the snapshot, so later whole increments add as
    /// they did on the original; a total minus its floor is exact, so the two cells add up to it again.
    /// A total above 2^53 arrives as the double it was written as, so the original's exact whole count
    /// beyond that is not restored; later increments add to the written value.
    /// </remarks>
    internal void Restore(double total)
    {
        var whole = Math.Floor(total);
        if (whole < LongCellLimit)
        {
            Interlocked.Add(ref _whole, (long)whole);
            AtomicDouble.Add(ref _fractionBits, total - whole);
        }
        else
        {
            AtomicDouble.Add(ref _fractionBits, total);
        }
    }

    /// <summary>Sets the creation time read back from a snapshot, so a restored total keeps the time it counts from.</summary>
    internal void RestoreCreated(DateTimeOffset created) => Volatile.Write(ref _createdUnixMilliseconds, created.ToUnixTimeMilliseconds());

    /// <summary>
    /// Raises the total to <paramref name="total"/> if it is higher: for collectors that mirror an
    /// external monotonic source (CPU seconds, GC counts).
    /// </summary>
    internal void IncTo(double total)
    {
        // Compare-exchange on the fractional cell so that two scrapes collecting at once both land on
        // the total instead of each adding the same difference (read-then-add would count it twice).
        var seen = Volatile.Read(ref _fractionBits);
        while (true)
        {
            var whole = Volatile.Read(ref _whole);
            if (!(total > whole + BitConverter.Int64BitsToDouble(seen)))
            {
                return;
            }

            var actual = Interlocked.CompareExchange(ref _fractionBits, BitConverter.DoubleToInt64Bits(total - whole), seen);
            if (actual == seen)
            {
                return;
            }

            seen = actual;
        }
    }
}
