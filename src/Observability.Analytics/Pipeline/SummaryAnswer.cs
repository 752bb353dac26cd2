using System.Text.Json.Serialization;

namespace Observability.Analytics.Pipeline;

/// <summary>
/// The answer of <c>GET /api/v1/summary</c> and of <c>agentobs summary</c>: the summary with when and over which
/// scope it was computed. One type, so the endpoint and the CLI's offline mode cannot drift apart.
/// </summary>
/// <param name="ComputedAt">When the answer was computed.</param>
/// <param name="Scope">The <c>at</c>, <c>from</c> and <c>to</c> it covers (null when not given).</param>
/// <param name="EventCount">Events that went into it.</param>
/// <param name="LastSequence">The last log sequence it covers.</param>
/// <param name="Tasks">ADR-009's task figures.</param>
/// <param name="Chains">ADR-009's chain figures.</param>
/// <param name="Requests">ADR-009's request figures.</param>
/// <param name="Agents">Figures per model.</param>
/// <param name="Overflow">
/// Under <c>agents</c>, when it reached <see cref="AnalyticsOptions.MaxKeys"/>: how many models its <c>__overflow__</c> entry
/// holds; absent otherwise, so a small answer keeps its shape.
/// </param>
public sealed record SummaryAnswer(
    DateTimeOffset ComputedAt,
    SummaryAnswer.ScopeBounds Scope,
    int EventCount,
    long LastSequence,
    TaskFigures Tasks,
    ChainFigures Chains,
    RequestFigures Requests,
    IReadOnlyDictionary<string, ModelFigures> Agents,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, KeyOverflow>? Overflow = null)
{
    /// <summary>Builds the answer for <paramref name="summary"/> computed over <paramref name="scope"/>.</summary>
    public static SummaryAnswer Of(PipelineSummary summary, TimeScope scope, DateTimeOffset computedAt)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new SummaryAnswer(
            computedAt, new ScopeBounds(scope.At, scope.From, scope.To), summary.EventCount, summary.LastSequence,
            summary.Tasks, summary.Chains, summary.Requests, summary.Agents, summary.Overflow);
    }

    /// <summary>The scope as given in the query.</summary>
    /// <param name="At">State reconstructed at this moment.</param>
    /// <param name="From">Window start.</param>
    /// <param name="To">Window end.</param>
    public sealed record ScopeBounds(DateTimeOffset? At, DateTimeOffset? From, DateTimeOffset? To);
}
