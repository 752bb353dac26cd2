using Observability.Review.Findings;
using Observability.Review.State;
using static Observability.Review.Checks.Text;

namespace Observability.Review.Checks;

/// <summary>The pipeline: stuck stages, timeout clusters, repeated failures and failure rates rising against their baseline.</summary>
internal static class PipelineChecks
{
    public static void Run(ReviewContext c, List<FindingCandidate> found)
    {
        StuckPhases(c, found);
        var from = c.Now - c.FailureWindow;
        var hours = N(c.Options.FailureWindowHours);
        foreach (var (stage, failures) in c.State.StageFailures)
        {
            var recent = failures.Between(from, c.Now);
            var timeouts = recent.Where(f => f.Value == 2).ToList();
            if (timeouts.Count >= c.Options.TimeoutClusterMinimum)
            {
                c.Add(found, FindingKinds.TimeoutCluster, SubjectTypes.Stage, stage, () => new FindingCandidate(
                        FindingKinds.TimeoutCluster, SubjectTypes.Stage, stage,
                        $"Stage {stage} timed out {timeouts.Count} times in the last {hours} h.",
                        $"Diagnose what {stage} waits on (a slow dependency, a too-short timeout) before retrying more work through it.")
                    .Events(timeouts.Select(t => t.EventId).TakeLast(FindingCandidate.MaxEventIds)).Figure("timeouts", timeouts.Count).Figure("windowHours", c.Options.FailureWindowHours));
            }

            if (recent.Count >= c.Options.RepeatedFailureMinimum)
            {
                c.Add(found, FindingKinds.RepeatedFailure, SubjectTypes.Stage, stage, () => Repeated(c, SubjectTypes.Stage, stage, recent));
            }
        }

        foreach (var (task, failures) in c.State.TaskFailures)
        {
            var recent = failures.Between(from, c.Now);
            if (recent.Count >= c.Options.RepeatedFailureMinimum)
            {
                c.Add(found, FindingKinds.RepeatedFailure, SubjectTypes.Task, task, () => Repeated(c, SubjectTypes.Task, task, recent));
            }
        }

        RisingRates(c, found);
    }

    private static FindingCandidate Repeated(ReviewContext c, string subjectType, string subject, List<Occurrence> recent) =>
        new FindingCandidate(
                FindingKinds.RepeatedFailure, subjectType, subject,
                $"{(subjectType == SubjectTypes.Task ? "Task" : "Stage")} {subject} failed {recent.Count} times in the last {N(c.Options.FailureWindowHours)} h.",
                "Stop retrying it as is: read the failures, fix the cause or improve the task description.")
            .Events(recent.Select(f => f.EventId).TakeLast(FindingCandidate.MaxEventIds)).Figure("failures", recent.Count).Figure("windowHours", c.Options.FailureWindowHours);

    private static void StuckPhases(ReviewContext c, List<FindingCandidate> found)
    {
        var limit = TimeSpan.FromMinutes(c.Options.StuckPhaseMinutes);
        foreach (var group in c.State.OpenPhases.Values.Where(p => c.Now - p.At >= limit).GroupBy(p => p.Stage, StringComparer.Ordinal))
        {
            var stuck = group.OrderBy(p => p.At).ToList();
            var oldest = (c.Now - stuck[0].At).TotalMinutes;
            c.Add(found, FindingKinds.StuckPhase, SubjectTypes.Stage, group.Key, () => new FindingCandidate(
                    FindingKinds.StuckPhase, SubjectTypes.Stage, group.Key,
                    $"Stage {group.Key} has {stuck.Count} run(s) started and not completed; the oldest for {F(oldest)} min (stuck after {N(c.Options.StuckPhaseMinutes)} min).",
                    $"Heal the pipeline: check the runner of {group.Key}, cancel and restart the stuck runs.")
                .Events(stuck.Select(p => p.EventId)).Figure("stuckRuns", stuck.Count).Figure("oldestMinutes", oldest)
                .Figure("thresholdMinutes", c.Options.StuckPhaseMinutes));
        }
    }

    // Hour buckets: the window is the hours from (now − window)'s hour to now's; the baseline the days before it.
    private static void RisingRates(ReviewContext c, List<FindingCandidate> found)
    {
        var o = c.Options;
        var windowStart = ReviewState.Hour(c.Now - c.FailureWindow);
        var windowEnd = ReviewState.Hour(c.Now) + TimeSpan.TicksPerHour;
        var baselineStart = windowStart - TimeSpan.FromDays(o.FailureRateBaselineDays).Ticks;
        foreach (var (stage, runs) in c.State.StageRuns)
        {
            var recentRuns = runs.Sum(windowStart, windowEnd, ReviewState.Runs);
            var baseRuns = runs.Sum(baselineStart, windowStart, ReviewState.Runs);
            if (recentRuns < o.FailureRateMinimumRuns || baseRuns < o.FailureRateMinimumRuns)
            {
                continue;
            }

            var recentRate = runs.Sum(windowStart, windowEnd, ReviewState.Failures) / recentRuns;
            var baseRate = runs.Sum(baselineStart, windowStart, ReviewState.Failures) / baseRuns;
            if (recentRate - baseRate >= o.FailureRateRise)
            {
                c.Add(found, FindingKinds.FailureRateRising, SubjectTypes.Stage, stage, () => new FindingCandidate(
                        FindingKinds.FailureRateRising, SubjectTypes.Stage, stage,
                        $"Stage {stage} fails {F(recentRate * 100)} % of runs in the last {N(o.FailureWindowHours)} h against {F(baseRate * 100)} % over the {o.FailureRateBaselineDays} days before.",
                        $"Diagnose {stage}: compare its recent failures with the baseline's (a new dependency, a flaky test, a model change).")
                    .Events(c.State.StageFailures.TryGetValue(stage, out var f) ? f.Between(c.Now - c.FailureWindow, c.Now).Select(x => x.EventId).TakeLast(FindingCandidate.MaxEventIds) : [])
                    .Figure("recentRate", recentRate).Figure("baselineRate", baseRate).Figure("recentRuns", recentRuns).Figure("baselineRuns", baseRuns));
            }
        }
    }
}
