namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's usage summary of <c>GET /api/agent/metrics</c>: tokens and cost in all and by model.</summary>
/// <param name="Total">Every task event in scope.</param>
/// <param name="ByModel">
/// Per model: an event's tokens and cost count for the model it names, else for its task's model (<see cref="TaskAttributes"/>);
/// <c>unknown</c> when neither is known. A task counts for its task's model.
/// </param>
public sealed record UsageSummary(UsageFigures Total, IReadOnlyDictionary<string, UsageFigures> ByModel);
