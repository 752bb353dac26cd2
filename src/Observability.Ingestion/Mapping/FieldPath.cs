using System.Globalization;
using System.Text.Json;
using Observability.Ingestion.Events;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// A dotted path into an event (<c>metadata.taskType</c>, <c>agent.tokens.input</c>) or into the values
/// the sidecar derives (<c>derived.durationSeconds</c>).
/// </summary>
internal sealed class FieldPath
{
    private const string DerivedPrefix = "derived.";
    private readonly byte[][] _segments;
    private readonly DerivedField? _derived;

    public FieldPath(string path)
    {
        Text = path;
        if (path.StartsWith(DerivedPrefix, StringComparison.Ordinal))
        {
            _derived = Enum.TryParse<DerivedField>(path[DerivedPrefix.Length..], ignoreCase: true, out var field)
                ? field
                : throw new FormatException(
                    $"'{path}' names no derived value; known: {string.Join(", ", Enum.GetNames<DerivedField>().Select(n => DerivedPrefix + char.ToLowerInvariant(n[0]) + n[1..]))}");
            _segments = [];
        }
        else
        {
            var segments = path.Split('.');
            if (segments.Any(string.IsNullOrWhiteSpace))
            {
                throw new FormatException($"'{path}' is not a dotted field path");
            }

            _segments = [.. segments.Select(System.Text.Encoding.UTF8.GetBytes)];
        }
    }

    public string Text { get; }

    public bool TryNumber(PipelineEvent e, DerivedValues derived, out double value)
    {
        if (_derived is { } field)
        {
            var number = derived.Number(field);
            value = number ?? 0;
            return number is not null;
        }

        value = 0;
        return e.TryGet(_segments, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value);
    }

    public string? TextOf(PipelineEvent e, DerivedValues derived)
    {
        if (_derived is { } field)
        {
            return derived.Text(field);
        }

        if (!e.TryGet(_segments, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => Utf8StringCache.GetString(element),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => element.TryGetDouble(out var d) ? d.ToString(CultureInfo.InvariantCulture) : element.GetRawText(),
            _ => null,
        };
    }
}
