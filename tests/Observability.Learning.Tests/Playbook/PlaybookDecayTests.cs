using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Observability.Learning.Context;
using Observability.Learning.Playbook;

namespace Observability.Learning.Tests.Playbook;

/// <summary>
/// The playbook over simulated months on a <see cref="FakeTimeProvider"/>: rules derived by reflection, confidence
/// halved every half-life without new evidence, renewed by new evidence, retired below the minimum, moved by outcomes.
/// </summary>
public sealed class PlaybookDecayTests
{
    private static readonly ContextQuery Everything = new(null, null, null, null, 10);

    [Fact]
    public void Confidence_SimulatedMonths_HalvesEveryHalfLifeUntilRenewed()
    {
        var time = new FakeTimeProvider(History.T0.AddDays(10));
        var history = new History();
        var lastFailure = time.GetUtcNow().AddDays(-1);
        for (var i = 0; i < 3; i++)
        {
            history.Failed($"t{i}", lastFailure.AddHours(-i), "build", "timeout");
        }

        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);
        var run = history.Reflect(state, time.GetUtcNow());

        var rule = Assert.Single(run.Rules);
        Assert.Equal((LearningNames.AntiPattern, 4.0, 1.0, 3L), (rule.Kind, rule.Alpha, rule.Beta, rule.Evidence));
        Assert.Equal(lastFailure, rule.LastEvidenceAt);
        Assert.Equal(RuleDeriver.IdOf(LearningNames.AntiPattern, "failure", "build", "timeout"), rule.Id);

        // Posterior mean of Beta(4, 1): 0.8, one day after the evidence: 0.8 * 0.5^(1/90).
        Assert.Equal(0.8 * Math.Pow(0.5, 1.0 / 90), Only(state, time).Confidence, 4);
        time.Advance(TimeSpan.FromDays(89));
        Assert.Equal(0.4, Only(state, time).Confidence, 4);
        time.Advance(TimeSpan.FromDays(90));
        Assert.Equal(0.2, Only(state, time).Confidence, 4);

        // A run that no longer sees the pattern keeps the rule as it was: it goes on decaying.
        history.Reflect(state, time.GetUtcNow());
        Assert.Equal(0.2, Only(state, time).Confidence, 4);

        // Two half-lives more: 0.05, still shown; a day later below Learning:MinConfidence, retired.
        time.Advance(TimeSpan.FromDays(180));
        Assert.Equal(0.05, Only(state, time).Confidence, 4);
        time.Advance(TimeSpan.FromDays(1));
        var retired = ContextAnswers.Compute(state, Everything, time.GetUtcNow());
        Assert.Empty(retired.Data.AntiPatterns);
        Assert.Equal(0, retired.Data.Playbook.AntiPatterns);

        // New evidence renews it: four fresh failures, a run, confidence (1 + 4) / (1 + 4 + 1) undecayed.
        var from = history.Count;
        for (var i = 0; i < 4; i++)
        {
            history.Failed($"n{i}", time.GetUtcNow().AddMinutes(-i), "build", "timeout");
        }

        history.FoldInto(from, state);
        history.Reflect(state, time.GetUtcNow());
        var renewed = Only(state, time);
        Assert.Equal(5.0 / 6, renewed.Confidence, 4);
        Assert.Equal(4, renewed.EvidenceCount);
        Assert.Equal(1, state.AntiPatternsDetected);
        Assert.Equal(3, state.Runs[1]);
    }

    [Fact]
    public void Confidence_ConfiguredHalfLife_Decays()
    {
        var time = new FakeTimeProvider(History.T0);
        var history = new History();
        for (var i = 0; i < 3; i++)
        {
            history.Failed($"t{i}", time.GetUtcNow(), "build", "timeout");
        }

        var state = new LearningProjection(new LearningOptions { HalfLifeDays = 30 });
        history.FoldInto(state);
        history.Reflect(state, time.GetUtcNow());
        time.Advance(TimeSpan.FromDays(60));
        Assert.Equal(0.2, Only(state, time).Confidence, 4);
    }

    [Fact]
    public void Outcomes_SuccessAndFailure_MoveConfidenceAndRenewIt()
    {
        var time = new FakeTimeProvider(History.T0.AddDays(10));
        var history = new History();
        for (var i = 0; i < 5; i++)
        {
            history.Completed($"ok{i}", time.GetUtcNow().AddDays(-1), seconds: 60);
        }

        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);
        var rule = Assert.Single(history.Reflect(state, time.GetUtcNow()).Rules);
        Assert.Equal((LearningNames.Rule, 6.0, 1.0), (rule.Kind, rule.Alpha, rule.Beta));
        time.Advance(TimeSpan.FromDays(90));
        Assert.Equal(6.0 / 7 * Math.Pow(0.5, 91.0 / 90), Bullet(state, time).Confidence, 4);

        // Two tasks shown the rule succeed, one fails: Beta(6 + 2, 1 + 1), and the newest outcome is its evidence now.
        var from = history.Count;
        history.Add(OutcomeEvents.ToEvent("task-1", LearningNames.Success, [rule.Id], [], time.GetUtcNow()));
        history.Add(OutcomeEvents.ToEvent("task-2", LearningNames.Success, [rule.Id], ["b-000000000000"], time.GetUtcNow()));
        history.Add(OutcomeEvents.ToEvent("task-3", LearningNames.Failure, [rule.Id], [], time.GetUtcNow()));
        history.FoldInto(from, state);
        var moved = Bullet(state, time);
        Assert.Equal(8.0 / 10, moved.Confidence, 4);
        Assert.Equal(5 + 3, moved.EvidenceCount);
        Assert.Equal((2L, 1L), (moved.Outcomes.Success, moved.Outcomes.Failure));
        Assert.Equal(time.GetUtcNow(), moved.LastEvidenceAt);
        Assert.Equal([2L, 1L], state.OutcomeCounts);

        // Failures only pull it below where it started.
        from = history.Count;
        for (var i = 0; i < 6; i++)
        {
            history.Add(OutcomeEvents.ToEvent($"fail-{i}", LearningNames.Failure, [rule.Id], [], time.GetUtcNow()));
        }

        history.FoldInto(from, state);
        Assert.Equal(8.0 / 16, Bullet(state, time).Confidence, 4);
    }

    [Fact]
    public void OutcomeId_SameTaskAndRulesInAnyOrder_IsTheSame()
    {
        Assert.Equal(OutcomeEvents.IdOf("t", ["b", "a"]), OutcomeEvents.IdOf("t", ["a", "b"]));
        Assert.NotEqual(OutcomeEvents.IdOf("t", ["a"]), OutcomeEvents.IdOf("t", ["a", "b"]));
        Assert.NotEqual(OutcomeEvents.IdOf("t", ["a"]), OutcomeEvents.IdOf("u", ["a"]));
        var e = OutcomeEvents.ToEvent("t", LearningNames.Success, ["a"], ["z"], History.T0);
        Assert.Equal(OutcomeEvents.IdOf("t", ["a", "z"]), e["id"]!.GetValue<string>());
        Assert.Equal("z", e["metadata"]!["unknownRuleIds"]!.AsArray().Single()!.GetValue<string>());
        Assert.IsType<JsonArray>(e["metadata"]!["ruleIds"]);
    }

    [Fact]
    public void State_RoundTrip_SameAnswersAndLaterFoldsAgree()
    {
        var time = new FakeTimeProvider(History.T0.AddDays(10));
        var history = new History();
        history.Started("s", time.GetUtcNow().AddHours(-3));
        for (var i = 0; i < 5; i++)
        {
            history.Failed($"t{i}", time.GetUtcNow().AddHours(-i), "build", "timeout", title: $"Fix login {i}");
            history.Completed($"ok{i}", time.GetUtcNow().AddHours(-i), seconds: 60, model: "m1");
        }

        var options = new LearningOptions();
        var state = new LearningProjection(options);
        history.FoldInto(state);
        var rule = history.Reflect(state, time.GetUtcNow()).Rules[0];
        history.Add(OutcomeEvents.ToEvent("x", LearningNames.Success, [rule.Id], [], time.GetUtcNow()));
        var from = history.Count - 1;
        history.FoldInto(from, state);

        var restored = History.RoundTrip(state, options);
        time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(Json(ContextAnswers.Compute(state, Everything, time.GetUtcNow())), Json(ContextAnswers.Compute(restored, Everything, time.GetUtcNow())));

        // Later events resolve failures the snapshot left open, in both.
        from = history.Count;
        history.Completed("t0", time.GetUtcNow(), stage: "build");
        history.Completed("s", time.GetUtcNow());
        history.FoldInto(from, state);
        history.FoldInto(from, restored);
        var a = Reflection.Reflector.Run(state, time.GetUtcNow(), LearningNames.Demand, "r", 0);
        var b = Reflection.Reflector.Run(restored, time.GetUtcNow(), LearningNames.Demand, "r", 0);
        Assert.Equal(Json(a), Json(b));
        Assert.Equal(1, a.FailurePatterns.Single().Resolved);
        Assert.Equal(state.LastRun, restored.LastRun);
    }

    private static ContextBullet Only(LearningProjection state, FakeTimeProvider time) =>
        Assert.Single(ContextAnswers.Compute(state, Everything, time.GetUtcNow()).Data.AntiPatterns);

    private static ContextBullet Bullet(LearningProjection state, FakeTimeProvider time) =>
        Assert.Single(ContextAnswers.Compute(state, Everything, time.GetUtcNow()).Data.RelevantBullets);

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);
}
