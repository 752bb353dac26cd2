using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Proposals.Tests;

public sealed class ProposalsProjectionTests
{
    private const string Stuck = "f-00112233aabbccdd";
    private const string Info = "f-1111111111111111";
    private const string Flaky = "f-2222222222222222";

    private static readonly DateTimeOffset T0 = Findings.T0;

    [Fact]
    public void Apply_FindingsAtOrAboveMinSeverity_ProposeOneTaskEachWithTheFindingsEvidence()
    {
        var log = new Findings();
        log.Add(FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "build", T0, ["e-1", "e-2"], new JsonObject { ["hours_stuck"] = 7.5, ["p95_hours"] = 2 }));
        log.Add(FindingEvents.Opened(Info, "skipped_tests_rising", "info", "test", "suite-a", T0));
        log.Add(FindingEvents.Opened(Flaky, "flaky_test", "warning", "test", "LoginTest", T0));

        // The same finding event stored again under another id proposes nothing new.
        var again = FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "build", T0.AddMinutes(5));
        again["id"] = "other-id";
        log.Add(again);
        var projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);

        Assert.Equal(["p-00112233aabbccdd", "p-2222222222222222"], projection.List().Select(p => p.Id));
        var stuck = projection.Find("p-00112233aabbccdd")!;
        Assert.Equal(ProposalKinds.HealPipeline, stuck.Kind);
        Assert.Equal(ProposalStatus.Pending, stuck.Status);
        Assert.Equal(["e-1", "e-2"], stuck.EvidenceEventIds);
        Assert.Equal(T0, stuck.OpenedAt);
        var answer = ProposalAnswer.From(stuck, "http://sidecar:9464/");
        Assert.Equal("Heal the pipeline: stuck_phase on build", answer.Title);
        Assert.Contains("| hours_stuck | 7.5 |", answer.Description, StringComparison.Ordinal);
        Assert.Contains("`finding:opened:f-00112233aabbccdd`, `e-1`, `e-2`", answer.Description, StringComparison.Ordinal);
        Assert.Contains("- [ ] The review closes finding `f-00112233aabbccdd` (stuck_phase)", answer.Description, StringComparison.Ordinal);
        Assert.Equal("http://sidecar:9464/api/v1/findings/f-00112233aabbccdd", answer.Links["finding"]);
        Assert.Equal(3, answer.AcceptanceCriteria.Count);
        Assert.Equal(ProposalKinds.MendTests, projection.Find("p-2222222222222222")!.Kind);
    }

    [Fact]
    public void Apply_MinSeverityCritical_ProposesOnlyCriticalFindings()
    {
        var log = new Findings();
        log.Add(FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "build", T0));
        log.Add(FindingEvents.Opened(Flaky, "flaky_test", "warning", "test", "LoginTest", T0));
        var projection = new ProposalsProjection(new ProposalsOptions { MinSeverity = "critical" });
        log.FoldInto(projection);

        Assert.Equal(["p-00112233aabbccdd"], projection.List().Select(p => p.Id));
        Assert.Equal("minSeverity=critical", projection.Settings);
    }

    [Fact]
    public void Apply_FindingClosedBeforeDecision_WithdrawsAndADecisionAfterIsIgnored()
    {
        var log = new Findings();
        log.Add(FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "build", T0));
        log.Add(FindingEvents.Closed(Stuck, "stuck_phase", T0.AddHours(1)));
        var projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);
        var proposal = projection.Find("p-00112233aabbccdd")!;
        log.Add(ProposalEvents.Decision(ProposalEvents.Approved, proposal, "ana", null, T0.AddHours(2)));
        projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);

        proposal = projection.Find("p-00112233aabbccdd")!;
        Assert.Equal(ProposalStatus.Withdrawn, proposal.Status);
        Assert.Equal(1, projection.IgnoredDecisions);
        Assert.Equal(
            "finding f-00112233aabbccdd closed (cleared) at 2026-03-01T10:00:00Z before the proposal was decided",
            ProposalAnswer.From(proposal, null).WithdrawnReason);
    }

    [Fact]
    public void Apply_FirstDecisionWins_ThenDeliveriesMakeItDeliveredAndClosingChangesNothing()
    {
        var log = new Findings();
        log.Add(FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "build", T0));
        var projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);
        var proposal = projection.Find("p-00112233aabbccdd")!;
        log.Add(ProposalEvents.Decision(ProposalEvents.Approved, proposal, "ana", "worth it", T0.AddMinutes(1)));
        log.Add(ProposalEvents.Decision(ProposalEvents.Rejected, proposal, "bo", null, T0.AddMinutes(2)));
        log.Add(ProposalEvents.Delivery("github", proposal.Id, "delivered", 7, "https://github.example/o/r/issues/7", T0.AddMinutes(3)));
        log.Add(ProposalEvents.Delivery("github", proposal.Id, "existing", 8, null, T0.AddMinutes(4)));
        log.Add(FindingEvents.Closed(Stuck, "stuck_phase", T0.AddHours(1)));
        projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);

        proposal = projection.Find("p-00112233aabbccdd")!;
        Assert.Equal(ProposalStatus.Delivered, proposal.Status);
        Assert.Equal("ana", proposal.DecidedBy);
        Assert.Equal(1, projection.IgnoredDecisions);
        var delivery = Assert.Single(proposal.Deliveries);
        Assert.Equal((7L, "delivered"), (delivery.IssueNumber!.Value, delivery.Outcome));
        Assert.Empty(projection.Undelivered("github", 10));
        Assert.Equal([proposal.Id], projection.Undelivered("webhook", 10).Select(p => p.Id));
        Assert.Equal([T0.AddMinutes(3)], projection.DeliveredSince("github", T0));
        Assert.Empty(projection.DeliveredSince("github", T0.AddMinutes(4)));
        Assert.Equal(1, projection.CountByStatus()[ProposalStatus.Delivered]);
    }

    [Fact]
    public void ReadState_AfterWriteState_AnswersTheSame()
    {
        var log = new Findings();
        log.Add(FindingEvents.Opened(Stuck, "stuck_phase", "critical", "stage", "build", T0, ["e-1"], new JsonObject { ["n"] = 3 }));
        log.Add(FindingEvents.Opened(Flaky, "flaky_test", "warning", "test", "LoginTest", T0));
        log.Add(FindingEvents.Closed(Flaky, "flaky_test", T0.AddHours(1)));
        var projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);
        log.Add(ProposalEvents.Decision(ProposalEvents.Approved, projection.Find("p-00112233aabbccdd")!, null, null, T0.AddMinutes(1)));
        log.Add(ProposalEvents.Delivery("webhook", "p-00112233aabbccdd", "delivered", null, null, T0.AddMinutes(3)));
        projection = new ProposalsProjection(new ProposalsOptions());
        log.FoldInto(projection);

        var restored = Findings.RoundTrip(projection, new ProposalsProjection(new ProposalsOptions()));

        Assert.Equal(Answers(projection), Answers(restored));
        Assert.Equal(projection.CountByStatus(), restored.CountByStatus());
    }

    [Theory]
    [InlineData("goal_stalled", "goal", ProposalKinds.UnblockGoal)]
    [InlineData("stuck_task", "task", ProposalKinds.HealPipeline)]
    [InlineData("timeout_cluster", "stage", ProposalKinds.DiagnosePipeline)]
    [InlineData("repeated_failure", "stage", ProposalKinds.DiagnosePipeline)]
    [InlineData("repeated_failure", "task", ProposalKinds.ImproveTaskDescription)]
    [InlineData("out_of_scope_change", "run", ProposalKinds.ImproveTaskDescription)]
    [InlineData("aging_task", "task", ProposalKinds.SplitBacklogItem)]
    [InlineData("review_inconsistent", "task", ProposalKinds.AddAcceptanceCriteria)]
    [InlineData("over_budget", "project", ProposalKinds.ReviewUsage)]
    [InlineData("something_new", "task", ProposalKinds.InvestigateFinding)]
    public void For_EveryFindingKind_ProposesItsKind(string findingKind, string subjectType, string expected) =>
        Assert.Equal(expected, ProposalKinds.For(findingKind, subjectType));

    [Fact]
    public void ByFindingKind_CoversEveryKindOfTheFindingContract()
    {
        string[] contract =
        [
            "stale_task", "stuck_task", "duplicate_task", "aging_task", "stuck_phase", "timeout_cluster", "repeated_failure", "failure_rate_rising",
            "token_spike", "cost_spike", "over_budget", "coverage_drop", "flaky_test", "skipped_tests_rising", "review_inconsistent",
            "out_of_scope_change", "goal_stalled",
        ];
        Assert.Equal(contract.Order(StringComparer.Ordinal), ProposalKinds.ByFindingKind.Keys.Order(StringComparer.Ordinal));
        Assert.All(ProposalKinds.ByFindingKind.Values, kind => Assert.Contains(kind, ProposalKinds.All));
    }

    private static List<string> Answers(ProposalsProjection projection) =>
        [.. projection.List().Select(p => JsonSerializer.Serialize(ProposalAnswer.From(p, null)))];
}
