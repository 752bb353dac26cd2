using Observability.Ingestion.Events;
using Observability.Ingestion.Mapping;
using Observability.Metrics;

namespace Observability.Ingestion.Projection;

/// <summary>Turns one stored event into metric updates: the mapping's rules plus the code-derived rates.</summary>
internal sealed class MetricProjector
{
    private readonly MetricMapping _mapping;
    private readonly DerivationState _derivation = new();
    private readonly AiSuccessRate? _aiSuccess;

    public MetricProjector(MetricRegistry registry, MetricMapping mapping)
    {
        _mapping = mapping;
        if (mapping.FamilyNames.Contains("ai_success_rate"))
        {
            _aiSuccess = new AiSuccessRate(registry.CreateGauge("ai_success_rate", "AI task success rate", "agent_type"));
        }
    }

    /// <summary>Task outcomes of the last 24 hours, for /health.</summary>
    public TaskDailySummary Daily { get; } = new();

    /// <summary>Task starts, pipeline stages, requests and defects waiting for their end event.</summary>
    public int OpenItems => _derivation.OpenItems;

    public void Project(PipelineEvent e)
    {
        var derived = _derivation.Derive(e);
        foreach (var rule in _mapping.RulesFor(e.EventType))
        {
            rule.Apply(e, derived);
        }

        if (e.EventType is "task:completed" or "task:failed" && derived.Success is { } success)
        {
            _aiSuccess?.Record(derived.AgentType, success);
            Daily.Record(e.Timestamp, success, derived.DurationSeconds);
        }
    }
}
