using Observability.Learning.Context;

namespace Observability.Learning.Tests.Context;

/// <summary>Which rules and tasks a context query gets, in which order, and how many.</summary>
public sealed class ContextAnswersTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(10);

    [Fact]
    public void Compute_Filters_KeepRulesThatAgreeAndRankByWordsThenConfidence()
    {
        var (state, _) = Seeded();

        var build = ContextAnswers.Compute(state, new ContextQuery("bugfix", "impl", "build", null, 10), Now);
        Assert.Equal(["success_pattern:impl:bugfix"], build.Data.RelevantBullets.Select(b => b.Source));

        // Anti-patterns: build's two failure patterns (a stage rule agrees), not test's; the timeout one has more evidence and confidence.
        Assert.Equal(["failure_pattern:build:timeout", "failure_pattern:build:lint"], build.Data.AntiPatterns.Select(b => b.Source));
        // Beta(1 + 6, 1) decayed for the 44 h since the newest timeout; Beta(1 + 3, 1) for the 22 h since the newest lint failure.
        Assert.Equal(7.0 / 8 * Math.Pow(0.5, 44.0 / 24 / 90), build.Data.AntiPatterns[0].Confidence, 4);
        Assert.Equal(4.0 / 5 * Math.Pow(0.5, 22.0 / 24 / 90), build.Data.AntiPatterns[1].Confidence, 4);
        Assert.Equal((6L, 3L), (build.Data.AntiPatterns[0].EvidenceCount, build.Data.AntiPatterns[1].EvidenceCount));

        // Words rank first: "lint" puts the lint anti-pattern ahead of the more confident one.
        var lint = ContextAnswers.Compute(state, new ContextQuery(null, null, "build", "the LINT errors", 10), Now);
        Assert.Equal("failure_pattern:build:lint", lint.Data.AntiPatterns[0].Source);
        Assert.Equal("the LINT errors", lint.Data.Task);

        // Another agent type: the impl rule does not agree; limit 1 keeps one anti-pattern.
        var review = ContextAnswers.Compute(state, new ContextQuery("bugfix", "review", null, null, 1), Now);
        Assert.Empty(review.Data.RelevantBullets);
        Assert.Single(review.Data.AntiPatterns);
        Assert.Equal("task_type=bugfix, agent_type=review", review.Data.Task);
        Assert.Equal((1, 4), (review.Data.Playbook.Rules, review.Data.Playbook.AntiPatterns));
    }

    [Fact]
    public void Compute_History_NewestOnePerTaskWithOutcomeDurationModelAttempts()
    {
        var (state, _) = Seeded();

        var snippets = ContextAnswers.Compute(state, new ContextQuery("bugfix", null, "build", null, 10), Now).Data.HistorySnippets;

        Assert.Equal(5, snippets.Count);
        var newest = snippets[0];
        Assert.Equal(("lint-2", "success", 2, "m2", 120.0, "2 min"), (newest.TaskId, newest.Outcome, newest.Attempts, newest.Model, newest.DurationSeconds, newest.Duration));
        Assert.Equal(snippets.Select(s => s.TaskId).Distinct().Count(), snippets.Count);
        Assert.True(snippets.Zip(snippets.Skip(1)).All(p => p.First.FinishedAt >= p.Second.FinishedAt));

        var words = ContextAnswers.Compute(state, new ContextQuery(null, null, null, "login page", 10), Now).Data.HistorySnippets;
        Assert.Equal("login", words[0].TaskId);
        Assert.Equal(2, words[0].Score);
        Assert.Equal("failure", words[0].Outcome);
        Assert.Equal("timeout", words[0].FailureType);
    }

    [Fact]
    public void Compute_Words_ScoreOnlyTheNewestThousandTasks()
    {
        var history = new History();
        history.Completed("oldest", Now.AddDays(-2), title: "needle in the oldest");
        history.Completed("inside", Now.AddDays(-1), title: "needle within reach");
        for (var i = 0; i < ContextAnswers.MaxScored - 1; i++)
        {
            history.Completed($"hay-{i}", Now.AddMinutes(-i), title: "hay");
        }

        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);

        var snippets = ContextAnswers.Compute(state, new ContextQuery(null, null, null, "needle", 10), Now).Data.HistorySnippets;

        Assert.Equal(("inside", 1), (snippets[0].TaskId, snippets[0].Score));
        Assert.DoesNotContain(snippets, s => s.TaskId == "oldest");
    }

    private static (LearningProjection State, History History) Seeded()
    {
        var history = new History();
        for (var i = 0; i < 5; i++)
        {
            history.Failed($"to-{i}", Now.AddDays(-2).AddHours(i), "build", "timeout", agentType: "ci");
            history.Completed($"ok-{i}", Now.AddDays(-3).AddHours(i), seconds: 300, model: "m1");
        }

        history.Failed("login", Now.AddDays(-4), "build", "timeout", agentType: "ci", title: "Fix the login page");
        for (var i = 0; i < 3; i++)
        {
            history.Failed($"lint-{i}", Now.AddDays(-1).AddHours(i), "build", "lint", agentType: "ci");
            history.Failed($"t-{i}", Now.AddDays(-1).AddHours(i), "test", "test_failure", agentType: "ci");
        }

        history.Completed("lint-2", Now.AddHours(-1), seconds: 120, model: "m2");
        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);
        history.Reflect(state, Now);
        return (state, history);
    }
}
