using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Experiments.Declarations;

/// <summary>
/// Declarations as JSON: the camelCase body of <c>POST /api/v1/experiments</c> and <c>/api/v1/goals</c>, and the
/// <c>metadata</c> of the stored declaration events, which is the canonical form of the same shape.
/// </summary>
public static class DeclarationJson
{
    /// <summary>camelCase, unknown properties refused (a misspelt field is an error, not a silent default).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = false,
    };

    /// <summary>Reads a declaration; null with the error (naming the field) when the JSON does not fit the shape.</summary>
    public static T? Read<T>(ReadOnlySpan<byte> json, out DeclarationError? error)
        where T : class
    {
        error = null;
        try
        {
            var spec = JsonSerializer.Deserialize<T>(json, Options);
            if (spec is null)
            {
                error = new DeclarationError("body", "must be a JSON object.");
            }

            return spec;
        }
        catch (JsonException e)
        {
            error = new DeclarationError(Field(e.Path), Detail(e));
            return null;
        }
    }

    /// <summary>The canonical JSON of a declaration.</summary>
    public static byte[] Write<T>(T spec) => JsonSerializer.SerializeToUtf8Bytes(spec, Options);

    // "$.variants[1].weight" -> "variants[1].weight"; an unknown property's path is its parent's, so its name comes
    // from the message.
    private static string Field(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Detail(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "has the wrong type for this field (see docs/experiments.md for the declaration's shape).";
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a field of the declaration.";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
