namespace Observability.Metrics;

/// <summary>
/// Compares label keys, and lets a family look a series up by a span of values so that a hit
/// allocates nothing (<see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}.GetAlternateLookup{TAlternateKey}"/>).
/// </summary>
/// <remarks>
/// Hashing and comparing only the part of a value the family keeps (its first <c>maxLength</c>
/// characters) lets an over-long value find its truncated series on the lock-free fast path.
/// </remarks>
internal sealed class LabelKeyComparer(int maxLength)
    : IEqualityComparer<LabelKey>, IAlternateEqualityComparer<ReadOnlySpan<string>, LabelKey>
{
    /// <summary>Hash of values as kept; stored keys are already cut, so any cap gives them the same hash.</summary>
    public static int HashOf(ReadOnlySpan<string> values, int maxLength)
    {
        var hash = new HashCode();
        foreach (var v in values)
        {
            // null and "" are the same label value to Prometheus.
            hash.Add(string.IsNullOrEmpty(v) ? 0 : string.GetHashCode(Kept(v, maxLength)));
        }

        return hash.ToHashCode();
    }

    public bool Equals(LabelKey? x, LabelKey? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return x is not null && y is not null && x.Hash == y.Hash && Equals((ReadOnlySpan<string>)y.Values, x);
    }

    public int GetHashCode(LabelKey obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<string> alternate, LabelKey other)
    {
        var values = other.Values;
        if (alternate.Length != values.Length)
        {
            return false;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!Kept(alternate[i] ?? string.Empty, maxLength).SequenceEqual(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<string> alternate) => HashOf(alternate, maxLength);

    public LabelKey Create(ReadOnlySpan<string> alternate) => new(alternate.ToArray());

    private static ReadOnlySpan<char> Kept(string value, int maxLength) => value.AsSpan(0, Escaping.KeptLength(value, maxLength));
}
