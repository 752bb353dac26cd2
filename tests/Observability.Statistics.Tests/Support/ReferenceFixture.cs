using System.Text.Json;

namespace Observability.Statistics.Tests.Support;

/// <summary>
/// The committed reference values (reference/fixture.json), written by reference/generate.py from SciPy, statsmodels
/// and mpmath. A JSON null is a value the reference leaves undefined; it reads as NaN.
/// </summary>
internal static class ReferenceFixture
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "reference");

    public static readonly string FixturePath = Path.Combine(Directory, "fixture.json");

    private static readonly Lazy<JsonElement> Root = new(() => Load(File.ReadAllText(FixturePath)));

    public static JsonElement Load(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static IEnumerable<JsonElement> Section(string name) => Root.Value.GetProperty(name).EnumerateArray();

    public static JsonElement Case(string section, string name) =>
        Section(section).Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>The names of a section's cases, for [MemberData].</summary>
    public static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (var c in Section(section))
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    public static double Number(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? double.NaN : element.GetProperty(property).GetDouble();

    public static ArmCounts Arm(this JsonElement element, string property)
    {
        var arm = element.GetProperty(property);
        return new ArmCounts(arm.GetProperty("n").GetInt64(), arm.GetProperty("successes").GetInt64());
    }

    public static Interval Pair(this JsonElement element, string property)
    {
        var pair = element.GetProperty(property);
        return pair.ValueKind == JsonValueKind.Null ? Interval.None : new Interval(pair[0].GetDouble(), pair[1].GetDouble());
    }

    public static double[] Numbers(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();

    public static double Z975 => Root.Value.GetProperty("z_975").GetDouble();
}
