using System.Globalization;
using System.Text.Json;

namespace Observability.Cli;

/// <summary>Prints any JSON answer as <c>path = value</c> lines, for the text output of answers the CLI does not format itself.</summary>
internal static class JsonText
{
    public static void Write(TextWriter output, JsonElement element, string prefix = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Write(output, property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Write(output, item, string.Create(CultureInfo.InvariantCulture, $"{prefix}[{i++}]"));
                }

                break;
            case JsonValueKind.String:
                output.WriteLine($"{prefix} = {element.GetString()}");
                break;
            case JsonValueKind.Null:
                output.WriteLine($"{prefix} = undefined");
                break;
            default:
                output.WriteLine($"{prefix} = {element.GetRawText()}");
                break;
        }
    }
}
