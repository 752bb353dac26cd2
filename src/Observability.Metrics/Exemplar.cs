using System.Text;

namespace Observability.Metrics;

/// <summary>
/// Labels that identify what produced one update, for example the event or trace id, shown in
/// OpenMetrics after the sample (<c># {event_id="e-42"} 12.5 1700000000.123</c>). Immutable; the
/// encoded label block is built once, at the first scrape that shows it.
/// </summary>
public sealed class Exemplar
{
    /// <summary>OpenMetrics' limit on the combined length of an exemplar's label names and values.</summary>
    public const int MaxLabelCharacters = 128;

    /// <summary>Creates an exemplar; throws if a name is invalid or the labels exceed 128 characters.</summary>
    public Exemplar(params IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var total = 0;
        foreach (var (name, value) in labels)
        {
            if (!NameRules.IsValidLabelName(name))
            {
                throw new ArgumentException($"Exemplar label name '{name}' is invalid.", nameof(labels));
            }

            total += name.Length + (value?.Length ?? 0);
        }

        if (total > MaxLabelCharacters)
        {
            throw new ArgumentException(
                $"Exemplar labels have {total} characters; OpenMetrics allows at most {MaxLabelCharacters}.",
                nameof(labels));
        }

        Labels = [.. labels.Select(l => new KeyValuePair<string, string>(l.Key, Escaping.SanitizeExemplarValue(l.Value ?? string.Empty)))];
    }

    private Exemplar(KeyValuePair<string, string>[] sanitized) => Labels = sanitized;

    /// <summary>The exemplar's labels; control characters in values are replaced with U+FFFD.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    // Encoded on first use: a series keeps only its latest exemplar, and most are replaced before any scrape sees them.
    internal byte[] Encoded => _encoded ??= Encode(Labels);

    private byte[]? _encoded;

    private static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var builder = new StringBuilder("{");
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(labels[i].Key).Append("=\"");
            Escaping.AppendLabelValue(builder, labels[i].Value);
            builder.Append('"');
        }

        return Encoding.UTF8.GetBytes(builder.Append('}').ToString());
    }

    /// <summary>
    /// One label from untrusted input: the value is cut so that name and value fit in
    /// <see cref="MaxLabelCharacters"/>, never rejected.
    /// </summary>
    public static Exemplar Of(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NameRules.IsValidLabelName(name) || name.Length > MaxLabelCharacters)
        {
            throw new ArgumentException($"Exemplar label name '{name}' is invalid or longer than {MaxLabelCharacters} characters.", nameof(name));
        }

        // The value is cut to fit, so the length check of the general constructor cannot fail here.
        var room = Math.Max(0, MaxLabelCharacters - name.Length);
        var cut = Escaping.Truncate(value ?? string.Empty, room);
        return new Exemplar([new KeyValuePair<string, string>(name, Escaping.SanitizeExemplarValue(cut))]);
    }
}
