using Observability.Metrics;
using Observability.Proposals;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// The proposals' metrics: <c>proposals{status}</c> (set at scrape time from the projection), and per tracker
/// (<c>webhook</c>, <c>github</c>: a fixed set) <c>proposal_deliveries_total{tracker,outcome}</c> and
/// <c>proposals_undelivered{tracker}</c>. Every series exists at 0 from the first scrape.
/// </summary>
internal sealed class ProposalMetrics
{
    /// <summary>Every tracker label.</summary>
    public static readonly IReadOnlyList<string> Trackers = [WebhookTracker.TrackerName, GitHubTracker.TrackerName];

    /// <summary>Every outcome label.</summary>
    public static readonly IReadOnlyList<string> Outcomes = [TrackerResult.Delivered, TrackerResult.Existing, TrackerResult.Failed];

    private readonly GaugeFamily _byStatus;
    private readonly CounterFamily _deliveries;
    private readonly GaugeFamily _undelivered;

    public ProposalMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _byStatus = registry.CreateGauge(
            "proposals",
            "Proposed tasks derived from review findings, by status: pending, approved, delivered, rejected, withdrawn.",
            new MetricOptions { LabelNames = ["status"], KnownLabelSets = ProposalStatus.All.Select(s => new[] { s }) });
        _deliveries = registry.CreateCounter(
            "proposal_deliveries_total",
            "Attempts to deliver approved proposals to a tracker, by tracker and outcome: delivered (created now), existing (the tracker had it already: a delivery before a crash), failed (retried with backoff).",
            new MetricOptions { LabelNames = ["tracker", "outcome"], KnownLabelSets = Trackers.SelectMany(t => Outcomes.Select(o => new[] { t, o })) });
        _undelivered = registry.CreateGauge(
            "proposals_undelivered",
            "Approved proposals a configured tracker does not have yet (waiting, retrying or held by Proposals:MaxDeliveriesPerHour).",
            new MetricOptions { LabelNames = ["tracker"], KnownLabelSets = Trackers.Select(t => new[] { t }) });
    }

    public void Counted(string tracker, string outcome) => _deliveries.WithLabels(tracker, outcome).Inc();

    /// <summary>Sets the gauges from the projection (under the host's lock).</summary>
    public void Publish(ProposalsProjection proposals, IEnumerable<string> configuredTrackers)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        foreach (var (status, count) in proposals.CountByStatus())
        {
            _byStatus.WithLabels(status).Set(count);
        }

        foreach (var tracker in configuredTrackers)
        {
            _undelivered.WithLabels(tracker).Set(proposals.Undelivered(tracker, int.MaxValue).Count);
        }
    }
}
