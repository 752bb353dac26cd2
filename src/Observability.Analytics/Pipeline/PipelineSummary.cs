namespace Observability.Analytics.Pipeline;

/// <summary>ADR-009's <c>MetricsAggregate</c>, in seconds and snake_case once serialized.</summary>
/// <param name="EventCount">Task, chain and request events in scope.</param>
/// <param name="LastSequence">Log sequence of the last task, chain or request event folded in (-1 for none).</param>
/// <param name="Tasks">Task figures.</param>
/// <param name="Chains">Chain figures.</param>
/// <param name="Requests">Request figures.</param>
/// <param name="Agents">Per-model figures, keyed by <c>agent.model</c>.</param>
public sealed record PipelineSummary(
    int EventCount,
    long LastSequence,
    TaskFigures Tasks,
    ChainFigures Chains,
    RequestFigures Requests,
    IReadOnlyDictionary<string, ModelFigures> Agents);
