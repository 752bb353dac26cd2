using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Sidecar.Endpoints;

/// <summary>JSON settings of every answer: snake_case like seed 001's /health, nulls left out.</summary>
internal static class SidecarJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
