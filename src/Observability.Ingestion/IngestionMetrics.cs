using Observability.Metrics;

namespace Observability.Ingestion;

/// <summary>The sidecar's own ingestion metrics: events by outcome, rejections by field, replay.</summary>
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
        Replayed = registry.CreateCounter("events_replayed_total", "Events rebuilt from the event log at start.").Unlabelled;
        SnapshotRecords = registry.CreateGauge(
            "state_snapshot_records", "Log records whose derived state the start restored from the state snapshot instead of replaying them; 0 when it replayed the whole log.").Unlabelled;
        Unreplayable = registry.CreateCounter(
            "events_unreplayable_total", "Stored records that could not be replayed (not valid under the current catalogue).").Unlabelled;
        Unprojected = registry.CreateCounter(
            "events_unprojected_total",
            "Stored events whose metric updates failed (a mapping or derivation fault); they stay in the log and are projected again at the next start.").Unlabelled;
        OpenItems = registry.CreateGauge(
            "derivation_open_items", "Task, pipeline-stage, request and defect starts waiting for their end event.").Unlabelled;
    }

    public Gauge SnapshotRecords { get; }

    public Counter Accepted { get; }

    public Counter Duplicates { get; }

    public Counter Rejected { get; }

    public CounterFamily RejectedByField { get; }

    public Counter Replayed { get; }

    public Counter Unreplayable { get; }

    public Counter Unprojected { get; }

    public Gauge OpenItems { get; }
}
