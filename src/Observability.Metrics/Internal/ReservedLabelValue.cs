namespace Observability.Metrics;

/// <summary>
/// Keeps the overflow series' label value to the overflow series. A caller's value of the same text (a label taken
/// from an event, so any client can send it) would otherwise be a second series with the overflow series' label set,
/// or merge into it. Such a value gets one more leading backslash: <c>__overflow__</c> is kept as <c>\__overflow__</c>,
/// <c>\__overflow__</c> as <c>\\__overflow__</c> and so on, so distinct values stay distinct and none is the reserved one.
/// </summary>
internal static class ReservedLabelValue
{
    /// <summary>The value of every label of the overflow series.</summary>
    public const string Overflow = "__overflow__";

    /// <summary>Whether <paramref name="value"/> is the reserved value behind zero or more backslashes.</summary>
    public static bool IsEscapable(ReadOnlySpan<char> value)
    {
        // The first test is the whole cost for almost every value.
        if (value.Length < Overflow.Length || value[^1] != '_' || !value.EndsWith(Overflow, StringComparison.Ordinal))
        {
            return false;
        }

        return !value[..^Overflow.Length].ContainsAnyExcept('\\');
    }

    /// <summary><paramref name="value"/> as a caller's series keeps it.</summary>
    public static string Escape(string value) => IsEscapable(value) ? "\\" + value : value;

    /// <summary>Whether any value, as cut to <paramref name="maxLength"/>, has to be escaped.</summary>
    public static bool AnyEscapable(ReadOnlySpan<string> values, int maxLength)
    {
        foreach (var value in values)
        {
            if (value is not null && IsEscapable(value.AsSpan(0, Escaping.KeptLength(value, maxLength))))
            {
                return true;
            }
        }

        return false;
    }
}
