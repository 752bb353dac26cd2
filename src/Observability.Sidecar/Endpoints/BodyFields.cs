using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Events;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// Reads the fields of one JSON object of a request body; any wrong or unknown field throws a
/// <see cref="BodyException"/> naming it by its path (e.g. <c>phase.name</c>).
/// </summary>
internal sealed class BodyFields
{
    // The JSON reader accepts both in a string and fails only when it is read as text; refused here by the field's name,
    // they never reach the log.
    private const string Unreadable = "it holds invalid UTF-8 or a \\u escape that is not valid Unicode (a lone surrogate)";

    private readonly JsonElement _object;
    private readonly string _prefix;

    public BodyFields(JsonElement element, string path, IReadOnlyCollection<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            // The root has no field name of its own: "body" names it.
            throw new BodyException(path.Length == 0 ? "body" : path, $"must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.");
        }

        _object = element;
        _prefix = path.Length == 0 ? string.Empty : path + ".";
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                throw new BodyException(path.Length == 0 ? "body" : path, $"has a property name that is not text: {Unreadable}.");
            }

            if (!allowed.Contains(name))
            {
                throw new BodyException(_prefix + name, $"is not a field here; known fields: {string.Join(", ", allowed)}.");
            }
        }
    }

    public bool Has(string name) => _object.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement? Element(string name) => _object.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? Text(string name, int maxLength, IReadOnlyList<string>? allowed = null)
    {
        if (Element(name) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String || TextOf(v, name) is not { Length: > 0 } text)
        {
            throw Wrong(name, "must be a non-empty string.");
        }

        if (text.Length > maxLength)
        {
            throw Wrong(name, $"is longer than {maxLength} characters.");
        }

        if (allowed is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw Wrong(name, $"'{text}' is not one of {string.Join(", ", allowed)}.");
        }

        return text;
    }

    public string RequiredText(string name, int maxLength, IReadOnlyList<string>? allowed = null) =>
        Text(name, maxLength, allowed) ?? throw Wrong(name, allowed is null ? "is required." : $"is required: one of {string.Join(", ", allowed)}.");

    /// <summary>A whole number in any JSON spelling (<c>1e2</c> is 100) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long? Whole(string name, long min = 0, long max = NumberLimits.MaxCount)
    {
        if (Element(name) is not { } v)
        {
            return null;
        }

        if (!NumberLimits.TryWhole(v, min, max, out var n))
        {
            throw Wrong(name, $"must be a whole number from {min} to {max}.");
        }

        return n;
    }

    /// <summary>A number from 0 to <paramref name="max"/>.</summary>
    public double? Number(string name, double max)
    {
        if (Element(name) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var n) || !double.IsFinite(n) || n < 0 || n > max)
        {
            throw Wrong(name, $"must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}.");
        }

        return n;
    }

    public bool? Boolean(string name) => Element(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Wrong(name, "must be true or false."),
    };

    public DateTimeOffset? Time(string name)
    {
        if (Element(name) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String || !AnalyticsQuery.TryParseTimestamp(TextOf(v, name), out var t))
        {
            throw Wrong(name, "must be an ISO 8601 timestamp with a time zone, e.g. 2026-02-23T10:00:00Z.");
        }

        return t;
    }

    public JsonArray? Strings(string name, int maxItems = 1000)
    {
        if (Element(name) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > maxItems || v.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
        {
            throw Wrong(name, $"must be a list of at most {maxItems} strings.");
        }

        return [.. v.EnumerateArray().Select(i => (JsonNode?)JsonValue.Create(TextOf(i, name)))];
    }

    private string TextOf(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Wrong(name, $"is not text: {Unreadable}.");
        }
    }

    public BodyException Wrong(string name, string detail) => new(_prefix + name, detail);
}
