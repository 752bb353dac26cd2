using Observability.Metrics;

namespace Observability.Ingestion;

/// <summary>The sidecar's own ingestion metrics: events by outcome, rejections by field.</summary>
internal sealed class IngestionMetrics
{
    public IngestionMetrics(MetricRegistry registry)
    {
        var received = registry.CreateCounter(
            "events_received_total",
            "Events received, by outcome: accepted (stored), duplicate (id already stored), rejected (invalid).",
            new MetricOptions { LabelNames = ["outcome"], KnownLabelSets = [[ItemResult.Accepted], [ItemResult.Duplicate], [ItemResult.Rejected]] });
        Accepted = received.WithLabels(ItemResult.Accepted);
        Duplicates = received.WithLabels(ItemResult.Duplicate);
        Rejected = received.WithLabels(ItemResult.Rejected);
        RejectedByField = registry.CreateCounter(
            "events_rejected_total",
            "Events rejected, by the field that was wrong (empty for malformed JSON or a non-object item).",
            "field");
    }

    public Counter Accepted { get; }

    public Counter Duplicates { get; }

    public Counter Rejected { get; }

    public CounterFamily RejectedByField { get; }
}
