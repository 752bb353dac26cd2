using System.Text.Json.Nodes;
using Observability.Review.Checks;
using Observability.Review.Findings;
using Observability.Review.State;

namespace Observability.Review;

/// <summary>
/// One review run's decisions, computed under the projection host's lock from the folded state: the findings to open
/// (a check holds for a subject with no open finding of that kind) and to close (an open finding whose check no longer
/// holds), as the finding contract's events with deterministic ids. Appending them twice stores them once.
/// </summary>
internal sealed class ReviewPlan
{
    public required string RunId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>Subjects and kinds whose condition holds, open already or not.</summary>
    public required int Holding { get; init; }

    public List<OpenedFinding> Opened { get; } = [];

    public List<(Finding Finding, JsonObject Event)> Closed { get; } = [];

    /// <summary>Runs every check and compares what holds with what is open.</summary>
    public static ReviewPlan Compute(ReviewState state, FindingsProjection findings, ReviewOptions options, IReadOnlyList<GoalInput> goals, DateTimeOffset now)
    {
        var context = new ReviewContext(state, options, goals, now, findings.OpenByKey.ContainsKey);
        var candidates = Candidates(context);
        var runId = RunIdOf(now);
        var holding = context.Holding;
        var plan = new ReviewPlan { RunId = runId, At = now, Holding = holding.Count };
        foreach (var candidate in candidates)
        {
            var id = findings.NextId(candidate.Kind.Name, candidate.SubjectType, candidate.Subject);
            plan.Opened.Add(new OpenedFinding(id, candidate, runId, now));
        }

        foreach (var (key, finding) in findings.OpenByKey)
        {
            // Only the review's own kinds: a finding some other writer stored is not this review's to close.
            if (!holding.Contains(key) && FindingKinds.Find(finding.Kind) is not null)
            {
                plan.Closed.Add((finding, FindingEvents.ClosedEvent(finding, runId, now)));
            }
        }

        return plan;
    }

    /// <summary>Every check's candidates, in check order.</summary>
    public static List<FindingCandidate> Candidates(ReviewContext context)
    {
        var found = new List<FindingCandidate>();
        QueueChecks.Run(context, found);
        PipelineChecks.Run(context, found);
        UsageChecks.Run(context, found);
        QualityChecks.Run(context, found);
        GoalChecks.Run(context, found);
        return found;
    }

    public static string RunIdOf(DateTimeOffset at) => "review-" + at.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A finding a run opens; its event is built when asked for, outside the projection host's lock.</summary>
internal sealed record OpenedFinding(string FindingId, FindingCandidate Candidate, string RunId, DateTimeOffset At)
{
    public JsonObject Event => FindingEvents.OpenedEvent(FindingId, Candidate, RunId, At);
}
