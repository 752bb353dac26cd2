using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Observability.Ingestion.Catalogue;

namespace Observability.Ingestion.Tests.Catalogue;

/// <summary>
/// Keeps <c>docs/events.md</c> true to the catalogue: every type documented with its fields and a JSON
/// example that validates. <c>UPDATE_DOCS=1</c> regenerates each type's field table from the catalogue,
/// keeping the examples.
/// </summary>
public sealed partial class EventsDocTests
{
    private const string TypesHeading = "## Event types";

    [Fact]
    public void EventsDoc_EveryCatalogueType_HasFieldTableAndValidExample()
    {
        var path = DocPath();
        var text = File.ReadAllText(path);
        var sections = Sections(text);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(text.IndexOf(TypesHeading, StringComparison.Ordinal) + TypesHeading.Length)] + "\n\n" + Render(sections));
            text = File.ReadAllText(path);
            sections = Sections(text);
        }

        foreach (var spec in EventCatalogue.All)
        {
            Assert.True(sections.TryGetValue(spec.EventType, out var section), $"docs/events.md has no section for {spec.EventType}");
            var json = JsonBlock().Match(section).Groups[1].Value;
            var error = Support.Validate(json);
            Assert.True(error is null, $"the {spec.EventType} example is invalid: {error?.Field}: {error?.Reason}");
            using var document = JsonDocument.Parse(json);
            Assert.Equal(spec.EventType, document.RootElement.GetProperty("eventType").GetString());
            Assert.Contains(spec.Description, section, StringComparison.Ordinal);
            foreach (var field in spec.Fields)
            {
                Assert.Contains($"`{field.Path}`", section, StringComparison.Ordinal);
            }
        }
    }

    private static string Render(Dictionary<string, string> sections)
    {
        var builder = new StringBuilder();
        foreach (var spec in EventCatalogue.All)
        {
            var json = sections.TryGetValue(spec.EventType, out var old) ? JsonBlock().Match(old).Groups[1].Value.Trim() : "{}";
            builder.Append("### `").Append(spec.EventType).Append("`\n\n");
            builder.Append(spec.Description).Append(" (seed ").Append(spec.Source).Append(".)\n\n");
            if (spec.Fields.Count > 0)
            {
                builder.Append("| field | type | required | meaning |\n| --- | --- | --- | --- |\n");
                foreach (var field in spec.Fields)
                {
                    var kind = field.AllowedValues is { } values ? "one of " + string.Join(", ", values.Select(v => $"`{v}`")) : field.Kind.ToString().ToLowerInvariant();
                    if (field.Min is { } min)
                    {
                        kind += field.Max is { } max ? $", {Format(min)}–{Format(max)}" : $", ≥ {Format(min)}";
                    }

                    builder.Append($"| `{field.Path}` | {kind} | {(field.Required ? "yes" : "no")} | {field.Description} |\n");
                }

                builder.Append('\n');
            }

            builder.Append("```json\n").Append(json).Append("\n```\n\n");
        }

        return builder.ToString().TrimEnd() + "\n";
    }

    private static string Format(double number) => number.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Sections(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var matches = Heading().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            result[matches[i].Groups[1].Value] = text[matches[i].Index..end];
        }

        return result;
    }

    private static string DocPath([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "docs", "events.md"));

    [GeneratedRegex("^### `([a-z0-9_]+:[a-z0-9_]+)`", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
