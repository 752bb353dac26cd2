using System.Text.Json.Serialization;

namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's usage summary of <c>GET /api/agent/metrics</c>: tokens and cost in all and by model.</summary>
/// <param name="Total">Every task event in scope.</param>
/// <param name="ByModel">
/// Per model: an event's tokens and cost count for the model it names, else for its task's model (<see cref="TaskAttributes"/>);
/// <c>unknown</c> when neither is known. A task counts for its task's model.
/// </param>
/// <param name="Overflow">Under <c>by_model</c>, when it reached <see cref="AnalyticsOptions.MaxKeys"/>: how many models its <c>__overflow__</c> entry holds.</param>
public sealed record UsageSummary(
    UsageFigures Total,
    IReadOnlyDictionary<string, UsageFigures> ByModel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, KeyOverflow>? Overflow = null);
