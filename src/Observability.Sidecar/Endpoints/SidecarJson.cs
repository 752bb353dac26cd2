using System.Text.Json;
using System.Text.Json.Serialization;
using Observability.Analytics;

namespace Observability.Sidecar.Endpoints;

/// <summary>JSON settings of every answer: snake_case like the opencode metrics contract's /health, nulls left out.</summary>
internal static class SidecarJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new FiniteNumberConverter() },
    };

    /// <summary>For answers whose shape is a contract (the opencode metrics contract's /health): every key present, null when unknown.</summary>
    public static readonly JsonSerializerOptions WithNulls = new(Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
}
