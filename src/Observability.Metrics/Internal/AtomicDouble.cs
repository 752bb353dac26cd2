namespace Observability.Metrics;

/// <summary>Lock-free arithmetic on a double kept as its bits in a <see cref="long"/>.</summary>
internal static class AtomicDouble
{
    public static double Read(ref long bits) => BitConverter.Int64BitsToDouble(Volatile.Read(ref bits));

    public static void Add(ref long bits, double value)
    {
        var seen = Volatile.Read(ref bits);
        while (true)
        {
            var desired = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
            var actual = Interlocked.CompareExchange(ref bits, desired, seen);
            if (actual == seen)
            {
                return;
            }

            seen = actual;
        }
    }
}
