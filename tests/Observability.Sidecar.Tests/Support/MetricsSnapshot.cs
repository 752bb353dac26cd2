using System.Globalization;
using System.Text;

namespace Observability.Sidecar.Tests.Support;

/// <summary>One sample line of the exposition.</summary>
internal sealed record Sample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, string? Exemplar)
{
    public string Key => MetricsSnapshot.Key(Name, Labels);

    public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;
}

/// <summary>A family's metadata lines.</summary>
internal sealed record FamilyInfo(string Name, string? Type, string? Help);

/// <summary>
/// A parsed text exposition (Prometheus text 0.0.4; OpenMetrics exemplars are kept as text). Samples are addressed
/// by a canonical key: the name and the labels sorted by name, with <c>le</c> normalized (<c>60.0</c> is <c>60</c>).
/// The parser is strict: a line it cannot read or a repeated series fails the test.
/// </summary>
internal sealed class MetricsSnapshot
{
    private readonly Dictionary<string, Sample> _byKey;

    private MetricsSnapshot(string text, Dictionary<string, FamilyInfo> families, List<Sample> samples)
    {
        Text = text;
        Families = families;
        Samples = samples;
        _byKey = new Dictionary<string, Sample>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (!_byKey.TryAdd(sample.Key, sample))
            {
                throw new Xunit.Sdk.XunitException($"The series {sample.Key} appears twice in the exposition.");
            }
        }
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, FamilyInfo> Families { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public IReadOnlyDictionary<string, Sample> ByKey => _byKey;

    /// <summary><paramref name="labelPairs"/> alternates names and values: <c>"severity", "error"</c>.</summary>
    public static string Key(string name, params string[] labelPairs)
    {
        if (labelPairs.Length % 2 != 0)
        {
            throw new ArgumentException("label pairs must come as name, value", nameof(labelPairs));
        }

        return Key(name, Enumerable.Range(0, labelPairs.Length / 2).Select(i => KeyValuePair.Create(labelPairs[2 * i], labelPairs[(2 * i) + 1])));
    }

    public static string Key(string name, IEnumerable<KeyValuePair<string, string>> labels)
    {
        var sorted = labels.Select(l => l.Key is "le" or "quantile" ? KeyValuePair.Create(l.Key, NormalizeNumber(l.Value)) : l)
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count == 0)
        {
            return name;
        }

        return $"{name}{{{string.Join(",", sorted.Select(l => $"{l.Key}=\"{l.Value}\""))}}}";
    }

    public double? Value(string name, params string[] labelPairs) =>
        _byKey.TryGetValue(Key(name, labelPairs), out var sample) ? sample.Value : null;

    /// <summary>The value, or 0 when the series is absent (a counter not touched yet).</summary>
    public double ValueOrZero(string name, params string[] labelPairs) => Value(name, labelPairs) ?? 0;

    /// <summary>Every sample of the family <paramref name="family"/> (including <c>_bucket</c>, <c>_sum</c>, <c>_count</c> for histograms).</summary>
    public IEnumerable<Sample> SamplesOf(string family) =>
        Samples.Where(s => s.Name == family || (s.Name.StartsWith(family + "_", StringComparison.Ordinal)
            && s.Name[(family.Length + 1)..] is "bucket" or "sum" or "count" or "created" or "total"));

    public static MetricsSnapshot Parse(string text)
    {
        var families = new Dictionary<string, FamilyInfo>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    var rest = line[7..];
                    var space = rest.IndexOf(' ', StringComparison.Ordinal);
                    var name = space < 0 ? rest : rest[..space];
                    var value = space < 0 ? string.Empty : rest[(space + 1)..];
                    families.TryGetValue(name, out var info);
                    info ??= new FamilyInfo(name, null, null);
                    families[name] = line[2] == 'H' ? info with { Help = UnescapeHelp(value) } : info with { Type = value };
                }
                else if (line.StartsWith('#'))
                {
                    // # EOF (OpenMetrics), # UNIT, comments.
                }
                else
                {
                    samples.Add(ParseSample(line));
                }
            }
            catch (FormatException e)
            {
                throw new Xunit.Sdk.XunitException($"Exposition line {lineNumber} is not valid ({e.Message}): {line}");
            }
        }

        return new MetricsSnapshot(text, families, samples);
    }

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (name.Length == 0)
        {
            throw new FormatException("no metric name");
        }

        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var labelName = line[i..equals].Trim();
                i = equals + 1;
                if (line[i] != '"')
                {
                    throw new FormatException($"label {labelName} has no quoted value");
                }

                i++;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            _ => throw new FormatException($"unknown escape \\{line[i]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels.Add(KeyValuePair.Create(labelName, value.ToString()));
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        var remainder = line[i..].Trim();
        string? exemplar = null;
        var hash = remainder.IndexOf(" # ", StringComparison.Ordinal);
        if (hash >= 0)
        {
            exemplar = remainder[(hash + 3)..];
            remainder = remainder[..hash];
        }

        var parts = remainder.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException("expected a value and an optional timestamp");
        }

        return new Sample(name, labels, ParseNumber(parts[0]), exemplar);
    }

    public static double ParseNumber(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string NormalizeNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : text;

    private static string UnescapeHelp(string text) => text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
