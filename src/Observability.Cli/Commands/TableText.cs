using System.Globalization;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>Left-aligned text tables, and the number formats the experiments and goals tables use.</summary>
internal static class TableText
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, c) => all.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        foreach (var row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Count - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    /// <summary>A number, or "-" for null.</summary>
    public static string Number(JsonElement value, string format = "0.####") =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>A rate as a percentage with one decimal, or "-".</summary>
    public static string Percent(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? (value.GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>An interval of rates, "[lo%, hi%]", or "-".</summary>
    public static string PercentInterval(JsonElement interval) =>
        interval.GetProperty("lower").ValueKind == JsonValueKind.Number
            ? $"[{Percent(interval.GetProperty("lower"))}, {Percent(interval.GetProperty("upper"))}]"
            : "-";

    /// <summary>A p-value in three significant digits, or "-".</summary>
    public static string P(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("G3", CultureInfo.InvariantCulture) : "-";

    /// <summary>A duration in seconds with its unit ("95.5 s", "2.4 h" past two hours), or "-".</summary>
    public static string Seconds(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return "-";
        }

        var seconds = value.GetDouble();
        return seconds switch
        {
            >= 7200 => (seconds / 3600).ToString("0.0", CultureInfo.InvariantCulture) + " h",
            >= 120 => (seconds / 60).ToString("0.0", CultureInfo.InvariantCulture) + " min",
            _ => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        };
    }

    /// <summary>A string, or "-" for null.</summary>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ValueKind == JsonValueKind.Null ? "-" : value.ToString();
}
