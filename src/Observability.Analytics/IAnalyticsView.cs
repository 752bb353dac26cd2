namespace Observability.Analytics;

/// <summary>
/// One computation folded over the event log, event by event, in log order. <see cref="AnalyticsFeed"/> calls
/// <see cref="Apply"/> under its lock, so a view needs no locking of its own as long as its readers also go
/// through <see cref="AnalyticsFeed.Read{T}"/>.
/// </summary>
public interface IAnalyticsView
{
    /// <summary>Folds one stored event in. <paramref name="e"/> and its <see cref="AnalyticsEvent.Metadata"/> are only valid during the call.</summary>
    void Apply(AnalyticsEvent e);
}
