namespace Observability.Metrics;

/// <summary>
/// Compares label keys, and lets a family look a series up by a span of values so that a hit
/// allocates nothing (<see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}.GetAlternateLookup{TAlternateKey}"/>).
/// </summary>
internal sealed class LabelKeyComparer : IEqualityComparer<LabelKey>, IAlternateEqualityComparer<ReadOnlySpan<string>, LabelKey>
{
    public static readonly LabelKeyComparer Instance = new();

    public static int HashOf(ReadOnlySpan<string> values)
    {
        var hash = new HashCode();
        foreach (var v in values)
        {
            // null and "" are the same label value to Prometheus.
            hash.Add(string.IsNullOrEmpty(v) ? 0 : v.GetHashCode(StringComparison.Ordinal));
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
            if (!string.Equals(alternate[i] ?? string.Empty, values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<string> alternate) => HashOf(alternate);

    public LabelKey Create(ReadOnlySpan<string> alternate) => new(alternate.ToArray());
}
