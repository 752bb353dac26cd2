using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Experiments.Declarations;
using Observability.Experiments.Experiments;
using Observability.Statistics;

namespace Observability.Experiments.Tests.Experiments;

public sealed class ExperimentsProjectionTests
{
    private static readonly DateTimeOffset T0 = Events.T0;

    private static ExperimentSpec Spec(string name = "prompt-v2") => new()
    {
        Name = name,
        Dimension = "promptVariant",
        Variants = [new() { Name = "a", Control = true }, new() { Name = "b" }],
        Filter = new() { ["taskType"] = "spec" },
        GuardrailMetrics = ["duration", "cost"],
    };

    private static ExperimentsOptions Configured(params ExperimentSpec[] specs) => new() { Experiments = [.. specs] };

    private static JsonObject Meta(string variant, string taskType = "spec", double? duration = null)
    {
        var m = new JsonObject { ["promptVariant"] = variant, ["taskType"] = taskType };
        if (duration is { } d)
        {
            m["durationSeconds"] = d;
        }

        return m;
    }

    // control 4 of 20, variant 14 of 21: the reference fixture's small_better case (Boschloo p = 0.0028).
    private static Events SmallBetter()
    {
        var events = new Events();
        for (var i = 0; i < 20; i++)
        {
            events.Task($"a{i}", i < 4, T0.AddMinutes(i), Meta("a", duration: 600 + (i * 10)), costUsd: 0.5);
        }

        for (var i = 0; i < 21; i++)
        {
            events.Task($"b{i}", i < 14, T0.AddMinutes(i), Meta("b", duration: 300 + (i * 10)), costUsd: 0.25);
        }

        return events;
    }

    private static readonly JsonSerializerOptions NaNs = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Json(ExperimentAnswer answer) => JsonSerializer.Serialize(answer, NaNs);

    [Fact]
    public void Apply_TasksWithVariants_CountsEachArmAndAnswersThroughTheStatistics()
    {
        var projection = new ExperimentsProjection(Configured(Spec()));
        SmallBetter().FoldInto(projection);

        var answer = ExperimentAnswers.Compute(projection.Snapshot("prompt-v2")!, 0.05, T0);
        Assert.Equal([20L, 21L], answer.Variants.Select(v => v.N));
        Assert.Equal([4L, 14L], answer.Variants.Select(v => v.Successes));
        var expected = RateTests.Compare(new ArmCounts(20, 4), new ArmCounts(21, 14));
        var b = Assert.Single(answer.Comparisons);
        Assert.Equal(expected.PValue, b.Rate.PValue);
        Assert.Equal("boschloo_exact", b.Rate.Test);
        Assert.Equal(0.0028, b.Rate.PValue, 4);
        Assert.Equal("better", b.Verdict);
        Assert.Equal("success_rate", b.Primary.Metric);
        Assert.Equal(["duration", "cost"], b.Guardrails.Select(g => g.Metric));
        Assert.True(b.Guardrails[0].Estimate < 1, "the variant's durations are shorter");
        Assert.Equal(0.5, answer.Variants[0].CostPerUnitUsd, 12);
        Assert.Equal(695, answer.Variants[0].Duration.MedianSeconds, 9);
        Assert.False(answer.SampleRatio.Mismatch);
        Assert.False(double.IsNaN(b.AlwaysValidPValue));
    }

    [Fact]
    public void Apply_BelowMinimumSample_IsInsufficientData()
    {
        var projection = new ExperimentsProjection(Configured(Spec()));
        var events = new Events();
        for (var i = 0; i < 19; i++)
        {
            events.Task($"a{i}", false, T0, Meta("a"));
            events.Task($"b{i}", true, T0, Meta("b"));
        }

        events.FoldInto(projection);
        var answer = ExperimentAnswers.Compute(projection.Snapshot("prompt-v2")!, 0.05, T0);
        Assert.Equal("insufficient_data", answer.Comparisons[0].Verdict);
    }

    [Fact]
    public void Apply_BrokenSplit_IsSrm()
    {
        var projection = new ExperimentsProjection(Configured(Spec()));
        var events = new Events();
        for (var i = 0; i < 600; i++)
        {
            events.Task($"a{i}", i % 2 == 0, T0, Meta("a"));
        }

        for (var i = 0; i < 400; i++)
        {
            events.Task($"b{i}", i % 2 == 0, T0, Meta("b"));
        }

        events.FoldInto(projection);
        var answer = ExperimentAnswers.Compute(projection.Snapshot("prompt-v2")!, 0.05, T0);
        Assert.True(answer.SampleRatio.Mismatch);
        Assert.Equal(40, answer.SampleRatio.ChiSquare, 9);
        Assert.Equal("srm", answer.Comparisons[0].Verdict);
        Assert.Equal("srm", answer.Comparisons[0].AlwaysValidVerdict);
    }

    [Fact]
    public void Apply_UndeclaredVariant_IsCountedVisiblyAndNotInAnArm()
    {
        var projection = new ExperimentsProjection(Configured(Spec()));
        var events = new Events();
        events.Task("t1", true, T0, Meta("c"));
        events.Task("t2", true, T0, Meta("c"));
        events.Task("t3", true, T0, Meta("a"));
        events.FoldInto(projection);
        var answer = ExperimentAnswers.Compute(projection.Snapshot("prompt-v2")!, 0.05, T0);
        Assert.Equal([1L, 0L], answer.Variants.Select(v => v.N));
        var undeclared = Assert.Single(answer.UndeclaredVariants);
        Assert.Equal(("c", 2L), (undeclared.Value, undeclared.N));
    }

    [Fact]
    public void Apply_ExposureAndEventsWithoutTheDimension_UseTheAssignedVariant()
    {
        var projection = new ExperimentsProjection(Configured(Spec()));
        var events = new Events();
        events.Add(DeclarationEvents.Exposed("prompt-v2", "t1", "b", T0));
        events.Add(DeclarationEvents.Exposed("prompt-v2", "t1", "a", T0)); // a second assignment of the unit changes nothing
        events.Task("t1", true, T0, new JsonObject { ["taskType"] = "spec" });
        events.Task("t2", true, T0, new JsonObject { ["taskType"] = "spec" }); // neither dimension nor exposure: not in the experiment
        events.FoldInto(projection);
        var answer = ExperimentAnswers.Compute(projection.Snapshot("prompt-v2")!, 0.05, T0);
        Assert.Equal([0L, 1L], answer.Variants.Select(v => v.N));
        Assert.Equal([0L, 1L], answer.Variants.Select(v => v.Exposures));
    }

    [Fact]
    public void Apply_UnitFinishedTwiceOrOutsideFilterOrRange_CountsOnlyOnceAndOnlyMatches()
    {
        var spec = Spec();
        spec.Start = T0;
        spec.End = T0.AddDays(1);
        var projection = new ExperimentsProjection(Configured(spec));
        var events = new Events();
        events.Task("t1", true, T0, Meta("a"));
        events.Task("t1", false, T0.AddMinutes(1), Meta("a"));
        events.Task("t2", true, T0, Meta("a", taskType: "impl"));
        events.Task("t3", true, T0.AddMinutes(-1), Meta("a"));
        events.Task("t4", true, T0.AddDays(1), Meta("a"));
        events.FoldInto(projection);
        var arm = projection.Snapshot("prompt-v2")!.Arms[0];
        Assert.Equal((1L, 1L), (arm.N, arm.Succeeded));
    }

    [Fact]
    public void Apply_DeclaredByEvent_CountsLaterUnitsAndRefusesASecondDeclaration()
    {
        var projection = new ExperimentsProjection(new ExperimentsOptions());
        var events = new Events();
        events.Task("early", true, T0, Meta("a"));
        events.Declare(Spec(), T0);
        events.Task("late", true, T0, Meta("a"));
        var other = Spec();
        other.Variants![1].Name = "z";
        events.Declare(other, T0);
        events.FoldInto(projection);
        Assert.Equal(1, projection.Snapshot("prompt-v2")!.Arms[0].N);
        Assert.Equal("b", projection.Find("prompt-v2")!.Variants[1]);
        Assert.Equal(1, projection.RefusedDeclarations);
        Assert.Null(projection.Snapshot("unknown"));
    }

    [Fact]
    public void Apply_ModelDimensionWithDurationsFromStarts_ComparesDurations()
    {
        var spec = new ExperimentSpec
        {
            Name = "models",
            Dimension = "model",
            PrimaryMetric = "duration",
            MinimumSamplePerArm = 5,
            Variants = [new() { Name = "m1", Control = true }, new() { Name = "m2" }],
        };
        var projection = new ExperimentsProjection(Configured(spec));
        var events = new Events();
        for (var i = 0; i < 10; i++)
        {
            events.Other("task:started", $"x{i}", T0);
            events.Task($"x{i}", true, T0.AddSeconds(1000 + (i * 37)), model: "m1");
            events.Other("task:started", $"y{i}", T0);
            events.Task($"y{i}", true, T0.AddSeconds(300 + (i * 11)), model: "m2");
        }

        events.FoldInto(projection);
        var answer = ExperimentAnswers.Compute(projection.Snapshot("models")!, 0.05, T0);
        Assert.Equal([10, 10], answer.Variants.Select(v => v.Duration.Count));
        Assert.Equal(1000 + (4.5 * 37), answer.Variants[0].Duration.MeanSeconds, 9);
        Assert.Equal("better", answer.Comparisons[0].Verdict);
        Assert.Null(answer.Comparisons[0].AlwaysValidVerdict);
        Assert.Equal(150, answer.Variants[0].TokensPerUnit);
    }

    [Fact]
    public void ReadState_AfterWriteState_GivesTheSameAnswerLiveAfterRestoreAndAfterReplay()
    {
        var options = Configured(Spec());
        var events = SmallBetter();
        events.Add(DeclarationEvents.Exposed("prompt-v2", "z1", "b", T0));
        events.Declare(Spec("later"), T0);
        events.Task("c1", true, T0, Meta("c"));
        var half = events.Log.Count / 2;

        var live = new ExperimentsProjection(options);
        events.FoldInto(live);

        var first = new ExperimentsProjection(options);
        var firstEvents = new Events();
        foreach (var e in events.Log.Take(half))
        {
            firstEvents.Add(JsonNode.Parse(e)!.AsObject());
        }

        firstEvents.FoldInto(first);
        var restored = Events.RoundTrip(first, new ExperimentsProjection(options));
        events.FoldInto(half, restored);

        var replayed = new ExperimentsProjection(options);
        events.FoldInto(replayed);

        foreach (var name in new[] { "prompt-v2", "later" })
        {
            var expected = Json(ExperimentAnswers.Compute(live.Snapshot(name)!, 0.05, T0));
            Assert.Equal(expected, Json(ExperimentAnswers.Compute(restored.Snapshot(name)!, 0.05, T0)));
            Assert.Equal(expected, Json(ExperimentAnswers.Compute(replayed.Snapshot(name)!, 0.05, T0)));
        }

        var whole = Events.RoundTrip(live, new ExperimentsProjection(options));
        Assert.Equal(Json(ExperimentAnswers.Compute(live.Snapshot("prompt-v2")!, 0.05, T0)), Json(ExperimentAnswers.Compute(whole.Snapshot("prompt-v2")!, 0.05, T0)));
    }

    [Fact]
    public void Apply_MergesAndRuns_CountFirstPassReworkAndRunOutcomes()
    {
        var merges = new ExperimentSpec
        {
            Name = "merges", Dimension = "skillVersion", Units = "merges", GuardrailMetrics = ["rework_rate"],
            Variants = [new() { Name = "s1", Control = true }, new() { Name = "s2" }],
        };
        var runs = new ExperimentSpec
        {
            Name = "runs", Dimension = "skillVersion", Units = "runs", PrimaryMetric = "rework_rate",
            Variants = [new() { Name = "s1", Control = true }, new() { Name = "s2" }],
        };
        var projection = new ExperimentsProjection(Configured(merges, runs));
        var events = new Events();
        events.Other("workitem:merged", "w1", T0, new JsonObject { ["attempts"] = 1, ["skillVersion"] = "s1" });
        events.Other("workitem:merged", "w2", T0, new JsonObject { ["attempts"] = 3, ["skillVersion"] = "s1" });
        events.Other("workitem:merged", "w3", T0, new JsonObject { ["attempts"] = 1, ["skillVersion"] = "s2" });
        events.Other("ws:execution", "r1", T0, new JsonObject { ["status"] = "STARTED" });
        events.Other("ws:execution", "r1", T0.AddSeconds(90), new JsonObject { ["status"] = "COMPLETED", ["skillVersion"] = "s2", ["reworkCycles"] = 2 });
        events.Other("ws:execution", "r2", T0, new JsonObject { ["status"] = "HARD_STOP", ["skillVersion"] = "s2" });
        events.Other("ws:execution", "r3", T0, new JsonObject { ["status"] = "BLOCKED", ["skillVersion"] = "s1" });
        events.FoldInto(projection);

        var m = ExperimentAnswers.Compute(projection.Snapshot("merges")!, 0.05, T0);
        Assert.Equal("first_pass_merge_rate", m.PrimaryMetric);
        Assert.Equal([(2L, 1L), (1L, 1L)], m.Variants.Select(v => (v.N, v.Successes)));
        Assert.Equal(0.5, m.Variants[0].Rates["rework_rate"]);
        Assert.Equal("rework_rate", Assert.Single(m.Comparisons[0].Guardrails).Metric);

        var r = ExperimentAnswers.Compute(projection.Snapshot("runs")!, 0.05, T0);
        Assert.Equal([0L, 2L], r.Variants.Select(v => v.N));
        Assert.Equal(1, r.Variants[1].Successes); // the primary metric: runs reworked
        Assert.Equal(0.5, r.Variants[1].Rates["success_rate"]);
        Assert.Equal(90, r.Variants[1].Duration.MeanSeconds);
        Assert.Equal("lower_is_better", r.Verdict.Direction);
    }

    [Fact]
    public void Settings_ConfiguredExperimentChanged_ChangesTheFingerprint()
    {
        var changed = Spec();
        changed.MinimumSamplePerArm = 50;
        Assert.NotEqual(new ExperimentsProjection(Configured(Spec())).Settings, new ExperimentsProjection(Configured(changed)).Settings);
    }
}
