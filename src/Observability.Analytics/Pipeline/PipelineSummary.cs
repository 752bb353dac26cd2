namespace Observability.Analytics.Pipeline;

/// <summary>ADR-009's <c>MetricsAggregate</c>, in seconds and snake_case once serialized.</summary>
/// <param name="EventCount">Task, chain and request events in scope.</param>
/// <param name="LastSequence">Log sequence of the last task, chain or request event folded in (-1 for none).</param>
/// <param name="Tasks">Task figures.</param>
/// <param name="Chains">Chain figures.</param>
/// <param name="Requests">Request figures.</param>
/// <param name="Agents">Per-model figures, keyed by <c>agent.model</c>, at most <see cref="AnalyticsOptions.MaxKeys"/> and <c>__overflow__</c>.</param>
/// <param name="Overflow">Under <c>agents</c>, when it reached the cap: how many models its <c>__overflow__</c> entry holds; null otherwise.</param>
public sealed record PipelineSummary(
    int EventCount,
    long LastSequence,
    TaskFigures Tasks,
    ChainFigures Chains,
    RequestFigures Requests,
    IReadOnlyDictionary<string, ModelFigures> Agents,
    IReadOnlyDictionary<string, KeyOverflow>? Overflow = null);
