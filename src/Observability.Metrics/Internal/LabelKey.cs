using System.Text;

namespace Observability.Metrics;

/// <summary>
/// One series' label values, with their hash and their pre-encoded exposition block
/// (<c>a="x",b="y"</c>, escaped, without braces) so a scrape only copies bytes.
/// </summary>
internal sealed class LabelKey : IComparable<LabelKey>
{
    public static readonly LabelKey Empty = new([]);

    public LabelKey(string[] values)
    {
        Values = values;
        Hash = LabelKeyComparer.HashOf(values, int.MaxValue);
    }

    public string[] Values { get; }

    public int Hash { get; }

    /// <summary>The encoded block, set once by the family that owns the series.</summary>
    public byte[] Encoded { get; private set; } = [];

    public void Encode(IReadOnlyList<string> labelNames)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Values.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(labelNames[i]).Append("=\"");
            Escaping.AppendLabelValue(builder, Values[i]);
            builder.Append('"');
        }

        Encoded = Encoding.UTF8.GetBytes(builder.ToString());
    }

    public int CompareTo(LabelKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Values.Length && i < other.Values.Length; i++)
        {
            var c = string.CompareOrdinal(Values[i], other.Values[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return Values.Length.CompareTo(other.Values.Length);
    }
}
