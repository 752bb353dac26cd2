using Observability.Metrics;

namespace Observability.Analytics;

/// <summary>
/// Caps a breakdown whose keys come from event data (models, task types, executors, work statements…) the way the
/// metric families cap label sets: at most <c>maxKeys</c> keys, the rest folded into one <see cref="OverflowKey"/>
/// entry whose figures are the exact aggregate of what it holds. Unlike a metric family, which keeps the first label
/// sets it meets, an answer is computed whole, so it keeps the largest keys (by their event count, ties by ordinal
/// name): the same keys for the same log, whatever order the events arrived in.
/// </summary>
/// <remarks>
/// Kept keys stay in the order the breakdown lists them, with the overflow entry last, so an answer below the cap is
/// the same, byte for byte, as an uncapped one. A key from event data equal to <see cref="OverflowKey"/> (behind
/// zero or more backslashes) gets one more leading backslash, as a metric label value does, so no caller's key is, or
/// merges with, the overflow entry.
/// </remarks>
internal static class KeyCap
{
    /// <summary>The overflow entry's key: the metric families' overflow label value.</summary>
    public const string OverflowKey = ReservedLabelValue.Overflow;

    /// <summary>
    /// The figures of <paramref name="entries"/> (in the order to list them), at most <paramref name="maxKeys"/> of them
    /// plus the overflow entry; <paramref name="overflow"/> says how many keys it folded (null when none was).
    /// </summary>
    public static Dictionary<string, TOut> Fold<TIn, TOut>(
        IReadOnlyList<KeyValuePair<string, TIn>> entries,
        int maxKeys,
        Func<TIn, long> weight,
        Func<TIn, TIn, TIn> merge,
        Func<TIn, TOut> figures,
        out KeyOverflow? overflow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var result = new Dictionary<string, TOut>(Math.Min(entries.Count, maxKeys + 1), StringComparer.Ordinal);
        overflow = null;
        if (entries.Count <= maxKeys)
        {
            foreach (var (key, value) in entries)
            {
                result[ReservedLabelValue.Escape(key)] = figures(value);
            }

            return result;
        }

        var kept = Kept(entries, maxKeys, weight);
        TIn? folded = default;
        var foldedKeys = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            if (kept[i])
            {
                result[ReservedLabelValue.Escape(key)] = figures(value);
            }
            else
            {
                folded = foldedKeys++ == 0 ? value : merge(folded!, value);
            }
        }

        result[OverflowKey] = figures(folded!);
        overflow = new KeyOverflow(foldedKeys);
        return result;
    }

    /// <summary>Which of <paramref name="entries"/> are kept: the <paramref name="maxKeys"/> largest by weight, ties by ordinal key.</summary>
    public static bool[] Kept<TIn>(IReadOnlyList<KeyValuePair<string, TIn>> entries, int maxKeys, Func<TIn, long> weight)
    {
        var kept = new bool[entries.Count];
        if (entries.Count <= maxKeys)
        {
            Array.Fill(kept, true);
            return kept;
        }

        var order = new int[entries.Count];
        var weights = new long[entries.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            weights[i] = weight(entries[i].Value);
        }

        Array.Sort(order, (a, b) => weights[a] != weights[b] ? weights[b].CompareTo(weights[a]) : string.CompareOrdinal(entries[a].Key, entries[b].Key));
        for (var i = 0; i < maxKeys; i++)
        {
            kept[order[i]] = true;
        }

        return kept;
    }

    /// <summary>Adds a breakdown's overflow under its answer name; the map stays null until one breakdown folded.</summary>
    public static void Note(ref Dictionary<string, KeyOverflow>? overflows, string breakdown, KeyOverflow? overflow)
    {
        if (overflow is not null)
        {
            (overflows ??= new Dictionary<string, KeyOverflow>(StringComparer.Ordinal))[breakdown] = overflow;
        }
    }
}
