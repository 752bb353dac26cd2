using Observability.Metrics;

namespace Observability.Experiments.Goals;

/// <summary>The goals' gauges, set from the answers at scrape time (status depends on the clock). Labels: declared goal names and the five statuses.</summary>
public sealed class GoalsMetrics
{
    private readonly GaugeFamily _done;
    private readonly GaugeFamily _total;
    private readonly GaugeFamily _progress;
    private readonly GaugeFamily _status;
    private readonly GaugeFamily _forecast;
    private readonly GaugeFamily _due;

    /// <summary>Registers the families in <paramref name="registry"/>.</summary>
    public GoalsMetrics(MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _done = registry.CreateGauge("goal_done_units", "Units of each goal's backlog that are done.", "goal");
        _total = registry.CreateGauge("goal_total_units", "Units each goal needs done: its target count, else its whole backlog.", "goal");
        _progress = registry.CreateGauge("goal_progress_ratio", "Done over total units of each goal, capped at 1.", "goal");
        _status = registry.CreateGauge("goal_status", "1 for each goal's current status (done, on_track, at_risk, stalled, overdue), 0 for the others.", "goal", "status");
        _forecast = registry.CreateGauge(
            "goal_forecast_timestamp_seconds", "When each goal is forecast to be done (linear extrapolation of its 28-day throughput); absent without throughput.", "goal");
        _due = registry.CreateGauge("goal_due_timestamp_seconds", "When each goal is due; absent without a due date.", "goal");
    }

    /// <summary>Sets every gauge from <paramref name="answers"/>.</summary>
    public void Publish(IReadOnlyList<GoalAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var answer in answers)
        {
            _done.WithLabels(answer.Name).Set(answer.Done);
            _total.WithLabels(answer.Name).Set(answer.Total);
            _progress.WithLabels(answer.Name).Set(answer.Percent / 100);
            foreach (var status in GoalStatus.All)
            {
                _status.WithLabels(answer.Name, status).Set(status == answer.Status ? 1 : 0);
            }

            if (answer.Forecast.Date is { } forecast)
            {
                _forecast.WithLabels(answer.Name).Set(forecast.ToUnixTimeMilliseconds() / 1000.0);
            }
            else
            {
                _forecast.Remove(answer.Name);
            }

            if (answer.Due is { } due)
            {
                _due.WithLabels(answer.Name).Set(due.ToUnixTimeMilliseconds() / 1000.0);
            }
        }
    }
}
