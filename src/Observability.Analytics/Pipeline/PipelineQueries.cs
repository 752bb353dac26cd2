using Observability.Analytics.Runs;

namespace Observability.Analytics.Pipeline;

/// <summary>
/// ADR-009's summary and the pipeline-observability contract's agent metrics over <see cref="PipelineFacts"/>, cached per scope until a
/// task, chain or request event is added (other events cannot change them, so they do not invalidate).
/// </summary>
/// <remarks>Call only inside <see cref="Projections.ProjectionHost.Read{T}"/>: the facts and the caches are guarded by the host's lock.</remarks>
public sealed class PipelineQueries
{
    // A handful of scopes are asked for repeatedly (the default, a dashboard's ?from&to); bounded so that
    // arbitrary ?at values cannot grow it.
    private const int MaxCachedScopes = 16;

    private readonly ScopedCache<PipelineSummary> _summaries = new(MaxCachedScopes);
    private readonly ScopedCache<AgentMetrics> _agentMetrics = new(MaxCachedScopes);
    private readonly PriceTable _prices;
    private readonly int _maxKeys;

    /// <summary>Queries without a price table: usage costs only what events report.</summary>
    public PipelineQueries(PipelineFacts facts)
        : this(facts, new AnalyticsOptions())
    {
    }

    /// <summary>Queries whose usage estimates unreported costs with the (validated) price table of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PipelineQueries(PipelineFacts facts, AnalyticsOptions options)
    {
        Facts = facts ?? throw new ArgumentNullException(nameof(facts));
        _prices = new PriceTable(options);
        _maxKeys = options.MaxKeys;
    }

    /// <summary>The facts the answers come from.</summary>
    public PipelineFacts Facts { get; }

    /// <summary>ADR-009's aggregate for <paramref name="scope"/>.</summary>
    public PipelineSummary Summary(TimeScope scope) =>
        _summaries.GetOrCompute(StateVersion, scope, s => SummaryComputation.Compute(Facts, s, _maxKeys));

    /// <summary>How many summaries were computed rather than served from the cache (tests).</summary>
    internal int SummaryComputations => _summaries.Computations;

    /// <summary>The pipeline-observability contract's metrics for <paramref name="scope"/>.</summary>
    public AgentMetrics AgentMetrics(TimeScope scope) =>
        _agentMetrics.GetOrCompute(StateVersion, scope, s => AgentMetricsComputation.Compute(Facts, s, _prices, _maxKeys));

    // The facts only grow between restores; a restore (a refresh) may bring back the same count with other facts.
    private long StateVersion => (Facts.Restores << 32) + Facts.Count;
}
