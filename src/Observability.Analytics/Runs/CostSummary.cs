using System.Text.Json.Serialization;

namespace Observability.Analytics.Runs;

/// <summary>
/// LLM cost of a period by model, by work statement and by UTC date. The lines are every <c>llm:call</c>
/// stamped in the period, plus, for runs started in it that have no linked calls, the run's own reported totals.
/// </summary>
/// <param name="From">Start of the period; null when open.</param>
/// <param name="To">End of the period; null when open.</param>
/// <param name="Total">All lines together.</param>
/// <param name="ByModel">Per <c>agent.model</c> (<c>unknown</c> when absent).</param>
/// <param name="ByWs">Per work statement (<c>none</c> for calls linked to no run, <c>unknown</c> for runs without a ws_id).</param>
/// <param name="ByDate">Per UTC date (<c>yyyy-MM-dd</c>).</param>
/// <param name="ByPhase">
/// Per run phase (the call's <c>metadata.phase</c>; <c>unknown</c> for calls without one and for runs' own totals, which
/// name no phase): the WS-METRICS contract's cost per phase.
/// </param>
/// <param name="ByWsPhase">
/// Per work statement (named as in <paramref name="ByWs"/>, the ones it keeps), then per phase (the ones <paramref name="ByPhase"/> keeps).
/// </param>
/// <param name="Overflow">
/// Per breakdown (<c>by_model</c>, <c>by_ws</c>, <c>by_date</c>, <c>by_phase</c>) that reached <see cref="AnalyticsOptions.MaxKeys"/>,
/// how many keys its <c>__overflow__</c> entry holds; absent when none did.
/// </param>
public sealed record CostSummary(
    DateTimeOffset? From,
    DateTimeOffset? To,
    CostBucket Total,
    IReadOnlyDictionary<string, CostBucket> ByModel,
    IReadOnlyDictionary<string, CostBucket> ByWs,
    IReadOnlyDictionary<string, CostBucket> ByDate,
    IReadOnlyDictionary<string, CostBucket> ByPhase,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, CostBucket>> ByWsPhase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, KeyOverflow>? Overflow = null);
