using System.Text;

namespace Observability.Metrics;

/// <summary>Escaping of label values and HELP text, per the text 0.0.4 and OpenMetrics 1.0.0 formats.</summary>
internal static class Escaping
{
    /// <summary>Label values, both formats: backslash, double quote and line feed.</summary>
    public static void AppendLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append(@"\n"); break;
                default: builder.Append(c); break;
            }
        }
    }

    /// <summary>
    /// HELP text. The text format escapes backslash and line feed only; OpenMetrics also escapes the
    /// double quote.
    /// </summary>
    public static string EscapeHelp(string help, bool openMetrics)
    {
        var builder = new StringBuilder(help.Length + 8);
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '"' when openMetrics: builder.Append("\\\""); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Replaces unpaired surrogates with U+FFFD, which is what encoding to UTF-8 does to them anyway;
    /// doing it first keeps distinct series distinct on the wire.
    /// </summary>
    public static string ReplaceLoneSurrogates(string value)
    {
        foreach (var c in value)
        {
            if (char.IsSurrogate(c))
            {
                return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));
            }
        }

        return value;
    }

    /// <summary>
    /// Exemplar values: NUL becomes U+FFFD, and lone surrogates too. Prometheus' OpenMetrics parser
    /// rejects a NUL in an exemplar (not in a series label) and fails the whole scrape, and exemplar
    /// values come from untrusted events.
    /// </summary>
    public static string SanitizeExemplarValue(string value) =>
        ReplaceLoneSurrogates(value).Replace('\0', '\uFFFD');

    /// <summary>Cuts a value to <paramref name="max"/> characters without splitting a surrogate pair.</summary>
    public static string Truncate(string value, int max) => value[..KeptLength(value, max)];

    /// <summary>How many leading characters of <paramref name="value"/> a cap of <paramref name="max"/> keeps.</summary>
    public static int KeptLength(string value, int max)
    {
        if (value.Length <= max)
        {
            return value.Length;
        }

        if (max <= 0)
        {
            return 0;
        }

        return char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
    }
}
