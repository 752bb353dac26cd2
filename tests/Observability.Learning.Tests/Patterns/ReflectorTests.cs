using Observability.Learning.Patterns;

namespace Observability.Learning.Tests.Patterns;

/// <summary>Failure and success patterns of generated histories, each figure counted by hand.</summary>
public sealed class ReflectorTests
{
    private static readonly DateTimeOffset Now = History.T0.AddDays(10);

    [Fact]
    public void FailurePatterns_GeneratedHistory_FiguresCountedByHand()
    {
        var history = new History();
        history.Failed("a", Now.AddDays(-3), "build", "timeout");
        history.Completed("a", Now.AddDays(-3).AddHours(2));          // resolved after 2 h
        history.Failed("b", Now.AddDays(-2), "build", "timeout");
        history.Completed("b", Now.AddDays(-2).AddHours(4));          // resolved after 4 h
        history.Failed("c", Now.AddDays(-1), "build", "timeout");     // never resolved
        history.Failed("d", Now.AddDays(-8), "build", "timeout");     // outside the 7-day window
        history.Completed("d", Now.AddDays(-7.5));
        history.Failed("e", Now.AddDays(-5), "test", "test_failure");
        history.Failed("e", Now.AddDays(-4), "test", "test_failure");
        history.Completed("e", Now.AddDays(-4).AddHours(1));          // resolves both: 1 d 1 h and 1 h
        history.Failed("f", Now.AddDays(-1), "test", "test_failure");
        history.Completed("f", Now.AddDays(1));                       // after the run's now: not resolved yet
        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);

        var run = history.Reflect(state, Now);

        Assert.Equal(2, run.FailurePatterns.Count);
        var timeout = run.FailurePatterns[0];
        Assert.Equal(("build", "timeout"), (timeout.Stage, timeout.FailureType));
        Assert.Equal(3, timeout.OccurrenceCount);
        Assert.Equal(Now.AddDays(-1), timeout.LastOccurrence);
        Assert.Equal(2, timeout.Resolved);
        Assert.Equal(2.0 / 3, timeout.ResolutionSuccessRate, 12);
        Assert.Equal((2 + 4) / 2.0 * 3600, timeout.AvgTimeToResolveSeconds!.Value, 6);
        Assert.Equal(RecommendedActions.Defaults["timeout"], timeout.RecommendedAction);
        var tests = run.FailurePatterns[1];
        Assert.Equal(("test", "test_failure", 3, 2), (tests.Stage, tests.FailureType, tests.OccurrenceCount, tests.Resolved));
        Assert.Equal(((25 * 3600) + 3600) / 2.0, tests.AvgTimeToResolveSeconds!.Value, 6);
        Assert.Equal(2.0 / 3, tests.ResolutionSuccessRate, 12);
        Assert.StartsWith("p-", timeout.PatternId, StringComparison.Ordinal);
        Assert.Equal(14, timeout.PatternId.Length);
    }

    [Fact]
    public void FailurePatterns_ConfiguredAction_WinsByStageThenByType()
    {
        var history = new History();
        history.Failed("a", Now.AddDays(-1), "deploy", "timeout");
        history.Failed("b", Now.AddDays(-1), "build", "timeout");
        history.Failed("c", Now.AddDays(-1), "build", "weird");
        var options = new LearningOptions { Actions = new() { ["deploy:timeout"] = "Roll back first.", ["timeout"] = "Raise the limit." } };
        var state = new LearningProjection(options);
        history.FoldInto(state);

        var run = history.Reflect(state, Now);

        Assert.Equal("Roll back first.", run.FailurePatterns.Single(p => p.Stage == "deploy").RecommendedAction);
        Assert.Equal("Raise the limit.", run.FailurePatterns.Single(p => p.Stage == "build" && p.FailureType == "timeout").RecommendedAction);
        Assert.Equal(RecommendedActions.Fallback, run.FailurePatterns.Single(p => p.FailureType == "weird").RecommendedAction);
    }

    [Fact]
    public void SuccessPatterns_GeneratedHistory_FiguresCountedByHand()
    {
        var history = new History();
        for (var i = 0; i < 5; i++)
        {
            history.Completed($"ok{i}", Now.AddDays(-1 - i), seconds: 600 + (100 * i));    // 600, 700, 800, 900, 1000 s
        }

        history.Started("timed", Now.AddDays(-6));
        history.Completed("timed", Now.AddDays(-6).AddMinutes(30));                          // 1800 s from its start
        history.Failed("bad", Now.AddDays(-2), "build", "lint");
        history.Completed("old", Now.AddDays(-9), seconds: 5);                              // outside the window
        history.Completed("r1", Now.AddDays(-1), taskType: "spec", agentType: "review", seconds: 60);
        for (var i = 0; i < 4; i++)
        {
            history.Failed($"r-bad{i}", Now.AddDays(-1), "review", "rejected", taskType: "spec", agentType: "review");
        }

        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);

        var run = history.Reflect(state, Now);

        var impl = run.SuccessPatterns.Single(p => p.AgentType == "impl");
        Assert.Equal(("bugfix", "impl_bugfix", 7, 6), (impl.TaskType, impl.Approach, impl.Attempts, impl.Successes));
        Assert.Equal(6.0 / 7, impl.SuccessRate, 12);
        Assert.Equal((600 + 700 + 800 + 900 + 1000 + 1800) / 6.0, impl.AvgTimeToCompleteSeconds!.Value, 6);
        Assert.Equal(Now.AddDays(-1), impl.LastAttempt);
        Assert.True(impl.Recommended);
        var review = run.SuccessPatterns.Single(p => p.AgentType == "review");
        Assert.Equal((5, 1, 0.2, 60.0, false), (review.Attempts, review.Successes, review.SuccessRate, review.AvgTimeToCompleteSeconds, review.Recommended));
    }

    [Fact]
    public void SuccessPatterns_FewerSuccessesThanMinProven_NotRecommended()
    {
        var history = new History();
        for (var i = 0; i < 4; i++)
        {
            history.Completed($"ok{i}", Now.AddDays(-1));
        }

        var state = new LearningProjection(new LearningOptions());
        history.FoldInto(state);
        Assert.False(history.Reflect(state, Now).SuccessPatterns.Single().Recommended);

        var lenient = new LearningProjection(new LearningOptions { MinProven = 4 });
        history.FoldInto(lenient);
        Assert.True(Reflection.Reflector.Run(lenient, Now, LearningNames.Demand, "x", 0).SuccessPatterns.Single().Recommended);
    }

    [Fact]
    public void Projection_EventsFarApart_KeepsOnlyTheWindowAndBoundedTasks()
    {
        var history = new History();
        for (var i = 0; i < 300; i++)
        {
            history.Failed($"t{i}", History.T0.AddDays(i), "build", "timeout");
        }

        var state = new LearningProjection(new LearningOptions { MaxTrackedTasks = 100 });
        history.FoldInto(state);

        var series = state.FailureSeries.Single();
        Assert.InRange(series.Records.Count, 7, 8);
        Assert.Equal(7, history.Reflect(state, History.T0.AddDays(299)).FailurePatterns.Single().OccurrenceCount);
    }
}
