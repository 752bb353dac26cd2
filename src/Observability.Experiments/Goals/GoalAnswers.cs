using Observability.Experiments.Declarations;
using Observability.Statistics;

namespace Observability.Experiments.Goals;

/// <summary>
/// A goal's answer at a given "now". Throughput counts units done in the last 7 and 28 days; the forecast is a linear
/// extrapolation of the 28-day throughput (<see cref="ForecastMethod"/>): remaining units over units per day, from now.
/// Status, first match wins: done, overdue, stalled (nothing done for the stall time, counted from the last unit done,
/// else from the declaration, else from the backlog's first event), at_risk (due and forecast after it or none),
/// on_track.
/// </summary>
public static class GoalAnswers
{
    /// <summary>The forecast method's name, as answers give it.</summary>
    public const string ForecastMethod = "linear_28_day_throughput";

    /// <summary>A metric goal has no forecast: a rate does not move towards its target at a rate one can extrapolate.</summary>
    public const string NoForecast = "none";

    internal static GoalAnswer Compute(GoalSnapshot snapshot, DateTimeOffset now, TimeSpan stalledAfter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var goal = snapshot.Definition;
        if (goal.Metric is { } target)
        {
            return ComputeMetric(snapshot, target, now, stalledAfter);
        }

        var total = goal.TargetCount ?? snapshot.Known;
        var percent = total == 0 ? 0 : Math.Min(100, 100.0 * snapshot.Done / total);
        var perDay28 = snapshot.DoneAt.Count(t => t > now - TimeSpan.FromDays(28) && t <= now) / 28.0;
        var remaining = Math.Max(0, total - snapshot.Done);
        var isDone = total > 0 && snapshot.Done >= total;
        DateTimeOffset? forecast = isDone || remaining == 0 ? now : perDay28 > 0 ? now + TimeSpan.FromDays(remaining / perDay28) : null;
        DateTimeOffset? lastProgress = snapshot.DoneAt.Count == 0 ? null : snapshot.DoneAt.Max();
        var since = lastProgress ?? snapshot.DeclaredAt ?? snapshot.FirstSeen;

        var status = Status(goal, isDone, since, now, stalledAfter, atRisk: forecast is not { } f || f > goal.Due);
        return Answer(
            snapshot, status, snapshot.Done, total, percent, ThroughputAt(snapshot, now), new Forecast(ForecastMethod, forecast), lastProgress, metric: null);
    }

    // A rate goal: done once the rate over its finished units reaches the target on enough units; the same order of
    // statuses as a count goal, with progress measured by the last unit that finished.
    private static GoalAnswer ComputeMetric(GoalSnapshot snapshot, GoalMetricTarget target, DateTimeOffset now, TimeSpan stalledAfter)
    {
        var goal = snapshot.Definition;
        var finished = snapshot.Finished;
        var succeeded = snapshot.Succeeded;
        double? value = finished == 0 ? null : (double)succeeded / finished;
        var interval = finished == 0 ? null : (Interval?)Wilson.ScoreInterval(new ArmCounts(finished, succeeded));
        var reached = finished >= target.MinimumUnits && value >= target.AtLeast;
        var percent = value is not { } v ? 0 : target.AtLeast == 0 ? 100 : Math.Min(100, 100 * v / target.AtLeast);
        var since = snapshot.LastFinishedAt ?? snapshot.DeclaredAt ?? snapshot.FirstSeen;

        var status = Status(goal, reached, since, now, stalledAfter, atRisk: true);
        return Answer(
            snapshot,
            status,
            succeeded,
            finished,
            percent,
            ThroughputAt(snapshot, now),
            new Forecast(NoForecast, null),
            snapshot.LastFinishedAt,
            new GoalMetricProgress(target.Name, target.AtLeast, target.MinimumUnits, finished, succeeded, value, interval?.Lower, interval?.Upper, reached));
    }

    // The first that holds: done, overdue, stalled (no progress for the stall time), at risk (due and atRisk), on track.
    private static string Status(Goal goal, bool done, DateTimeOffset? since, DateTimeOffset now, TimeSpan stalledAfter, bool atRisk)
    {
        if (done)
        {
            return GoalStatus.Done;
        }

        if (goal.Due is { } due && now > due)
        {
            return GoalStatus.Overdue;
        }

        if (since is { } from && now - from >= stalledAfter)
        {
            return GoalStatus.Stalled;
        }

        return goal.Due is not null && atRisk ? GoalStatus.AtRisk : GoalStatus.OnTrack;
    }

    private static Throughput ThroughputAt(GoalSnapshot snapshot, DateTimeOffset now)
    {
        var last7 = snapshot.DoneAt.Count(t => t > now - TimeSpan.FromDays(7) && t <= now);
        var last28 = snapshot.DoneAt.Count(t => t > now - TimeSpan.FromDays(28) && t <= now);
        return new Throughput(last7, last28, last7 / 7.0, last28 / 28.0);
    }

    private static GoalAnswer Answer(
        GoalSnapshot snapshot, string status, int done, int total, double percent, Throughput throughput, Forecast forecast, DateTimeOffset? lastProgress, GoalMetricProgress? metric)
    {
        var goal = snapshot.Definition;
        return new GoalAnswer(
            goal.Name,
            status,
            snapshot.Configured ? "configuration" : "api",
            goal.Units.Name(),
            goal.TargetCount,
            goal.Filter.Count == 0 ? null : goal.Filter.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            done,
            total,
            percent,
            throughput,
            forecast,
            goal.Due,
            lastProgress,
            snapshot.OpenCount,
            snapshot.OpenUnits,
            metric);
    }
}
