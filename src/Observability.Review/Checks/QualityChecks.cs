using Observability.Review.Findings;
using static Observability.Review.Checks.Text;

namespace Observability.Review.Checks;

/// <summary>
/// Spec, implementation, review and testing (what the events carry): coverage dropped after a merge, flaky tests, skipped
/// tests rising, approvals contradicted by rework or an escaped defect, files changed outside a run's allowed paths.
/// </summary>
internal static class QualityChecks
{
    public static void Run(ReviewContext c, List<FindingCandidate> found)
    {
        var o = c.Options;
        foreach (var (project, cov) in c.State.Coverage)
        {
            if (cov.Before is { } before && cov.After is { } after && before - after >= o.CoverageDropPoints)
            {
                c.Add(found, FindingKinds.CoverageDrop, SubjectTypes.Project, project, () => new FindingCandidate(
                        FindingKinds.CoverageDrop, SubjectTypes.Project, project,
                        $"Coverage of {project} dropped from {N(before)} % to {N(after)} % after a merge ({N(before - after)} points; threshold {N(o.CoverageDropPoints)}).",
                        "Add tests for the merged change, or revert the change that removed them.")
                    .Events([cov.BeforeEventId, cov.MergeEventId, cov.AfterEventId]).Figure("before", before).Figure("after", after)
                    .Figure("dropPoints", before - after));
            }
        }

        var from = c.Now - c.FailureWindow;
        foreach (var (suite, runs) in c.State.Suites)
        {
            var recent = runs.Between(from, c.Now).Where(r => r.Value > 0).ToList();
            var flaky = recent.Sum(r => r.Value);
            if (flaky >= o.FlakyMinimum)
            {
                c.Add(found, FindingKinds.FlakyTest, SubjectTypes.Test, suite, () => new FindingCandidate(
                        FindingKinds.FlakyTest, SubjectTypes.Test, suite,
                        $"Suite {suite} had {N(flaky)} flaky test(s) (failed, then passed on retry) in {recent.Count} run(s) of the last {N(o.FailureWindowHours)} h.",
                        "Quarantine the flaky tests and fix their nondeterminism (timing, ordering, shared state).")
                    .Events(recent.Select(r => r.EventId).TakeLast(FindingCandidate.MaxEventIds)).Figure("flakyTests", flaky).Figure("runs", recent.Count));
            }

            Skipped(c, found, suite, [.. runs.Items.Where(r => r.Extra >= 0)]);
        }

        var evidenceFrom = c.Now - TimeSpan.FromDays(o.EvidenceDays);
        foreach (var x in c.State.Contradictions.Values.Where(x => x.LaterAt >= evidenceFrom))
        {
            var what = x.Reason == "reworked" ? "was sent back for rework" : "had an escaped defect";
            c.Add(found, FindingKinds.ReviewInconsistent, SubjectTypes.Task, x.WorkItem, () => new FindingCandidate(
                    FindingKinds.ReviewInconsistent, SubjectTypes.Task, x.WorkItem,
                    $"{x.WorkItem} was approved in review, then {what} {F((x.LaterAt - x.ApprovedAt).TotalHours)} h later.",
                    "Review the review: add what it missed to the review checklist or the reviewer's prompt.")
                .Events([x.ReviewEventId, x.LaterEventId]).Figure("hoursAfterApproval", (x.LaterAt - x.ApprovedAt).TotalHours));
        }

        foreach (var run in c.State.OutOfScopeRuns.Values.Where(r => r.At >= evidenceFrom))
        {
            c.Add(found, FindingKinds.OutOfScopeChange, SubjectTypes.Run, run.Run, () => new FindingCandidate(
                    FindingKinds.OutOfScopeChange, SubjectTypes.Run, run.Run,
                    $"Run {run.Run} changed {run.Count} file(s) outside its allowed paths, e.g. {string.Join(", ", run.Files.Take(3))}.",
                    "Check the out-of-scope changes; revert them or widen the work statement's allowed paths on purpose.")
                .Events([run.EventId]).Figure("filesOutside", run.Count).Figure("allowedPaths", run.AllowedPaths));
        }
    }

    private static void Skipped(ReviewContext c, List<FindingCandidate> found, string suite, List<State.Occurrence> runs)
    {
        var o = c.Options;
        if (runs.Count < o.SkippedBaselineRuns + 1)
        {
            return;
        }

        var latest = runs[^1];
        var baseline = runs.Skip(runs.Count - 1 - o.SkippedBaselineRuns).Take(o.SkippedBaselineRuns).Select(r => r.Extra).ToList();
        var median = RobustScore.Median(baseline);
        if (latest.Extra - median >= o.SkippedRiseMinimum)
        {
            c.Add(found, FindingKinds.SkippedTestsRising, SubjectTypes.Test, suite, () => new FindingCandidate(
                    FindingKinds.SkippedTestsRising, SubjectTypes.Test, suite,
                    $"Suite {suite} skipped {N(latest.Extra)} tests in its latest run against a median of {N(median)} over the {o.SkippedBaselineRuns} runs before.",
                    "Find out why tests are being skipped; re-enable them or delete the ones no longer wanted.")
                .Events([latest.EventId]).Figure("skipped", latest.Extra).Figure("baselineMedian", median));
        }
    }
}
