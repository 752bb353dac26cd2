using System.Text.Json;
using System.Text.Json.Serialization;
using Observability.Analytics;

namespace Observability.Cli;

/// <summary>JSON settings: snake_case like the sidecar's HTTP API, so both modes print the same shape.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,

        // Output for people and shells, not HTML: '+' in a time zone offset stays '+'.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// For the analytics answers computed offline: every key present (null when unknown) and a number that is not
    /// finite written as null, as the sidecar's HTTP API writes them, so <c>--data-dir</c> and <c>--url</c> print the same JSON.
    /// </summary>
    public static readonly JsonSerializerOptions Answers = new(Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new FiniteNumberConverter() },
    };

    /// <summary>Re-indents a JSON answer for printing.</summary>
    public static string Pretty(JsonElement element) => JsonSerializer.Serialize(element, Options);
}
