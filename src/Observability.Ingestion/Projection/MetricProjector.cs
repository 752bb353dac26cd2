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

    /// <param name="e">The stored event.</param>
    /// <param name="withExemplar">Attach the event id as an exemplar to the samples it updates.</param>
    public void Project(PipelineEvent e, bool withExemplar = true)
    {
        var derived = _derivation.Derive(e);
        var rules = _mapping.RulesFor(e.EventType);
        var exemplar = withExemplar && rules.Count > 0 ? Exemplar.Of("event_id", e.Id) : null;
        foreach (var rule in rules)
        {
            rule.Apply(e, derived, exemplar);
        }

        if (e.EventType is "task:completed" or "task:failed" && derived.Success is { } success)
        {
            _aiSuccess?.Record(derived.AgentType, success);
            Daily.Record(e.Timestamp, success, derived.DurationSeconds);
        }
    }
}
