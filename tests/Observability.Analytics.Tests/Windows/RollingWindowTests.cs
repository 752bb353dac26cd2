using Observability.Projections;
using Observability.Analytics.Windows;

namespace Observability.Analytics.Tests.Windows;

/// <summary>The windows' arithmetic on hand-computed histories, with the default sizes 50, 100 and 100.</summary>
public sealed class RollingWindowTests
{
    [Fact]
    public void Snapshot_NoMerges_EveryWindowUndefinedAtZeroOfItsSize()
    {
        var global = new Merges().Snapshot().Global;

        Assert.Equal(new WindowValue(null, 0, 50, "global"), global.FirstPassMergeRate);
        Assert.Equal(new WindowValue(null, 0, 100, "global"), global.RebaseConflictRate);
        Assert.Equal(new WindowValue(null, 0, 100, "global"), global.P95AttemptsToMerge);
        Assert.False(global.TrustLost);
        Assert.False(global.ScopeTightened);
    }

    [Fact]
    public void Merge_SameWorkItemMergedAgainUnderAnotherId_CountsOnlyItsFirstMerge()
    {
        var merges = new Merges();
        merges.Apply(Merges.MergeJson("first", attempts: 1, project: "p", item: "WI-1"));
        merges.Apply(Merges.MergeJson("again", attempts: 3, project: "p", item: "WI-1"));
        merges.Apply(Merges.MergeJson("other-repo", attempts: 2, project: "q", item: "WI-1"));

        var snapshot = merges.Snapshot();

        // WI-1 in p once (attempts 1), WI-1 in q once (a different project's work item): 2 merges, 1 left out.
        Assert.Equal(2, snapshot.Merges);
        Assert.Equal(1, snapshot.SkippedMerges);
        Assert.Equal(1, snapshot.Projects.Single(p => p.Project == "p").Merges);
    }

    [Fact]
    public void FirstPassRate_49Merges_UndefinedAndShowsN()
    {
        var merges = new Merges().Add(49, attempts: 1);

        var value = merges.Snapshot().Global.FirstPassMergeRate;

        Assert.Null(value.Value);
        Assert.Equal(49, value.N);
        Assert.Equal("first_pass_merge_rate = undefined (n=49/50)", value.Describe(WindowNames.FirstPassMergeRate, ofProject: false));
    }

    [Fact]
    public void FirstPassRate_FullWindow_IsFirstPassShareOfTheLast50()
    {
        // 10 second-attempt merges, then 40 first-pass: 40/50.
        var merges = new Merges().Add(10, attempts: 2).Add(40, attempts: 1);
        Assert.Equal(0.8, merges.Snapshot().Global.FirstPassMergeRate.Value);

        // The 51st (first pass) pushes out merge 1 (second attempt): 41/50.
        merges.Add(1, attempts: 1);
        Assert.Equal(0.82, merges.Snapshot().Global.FirstPassMergeRate.Value);
        Assert.Equal(50, merges.Snapshot().Global.FirstPassMergeRate.N);
        Assert.Equal("first_pass_merge_rate = 0.82 (n=50/50)", merges.Snapshot().Global.FirstPassMergeRate.Describe(WindowNames.FirstPassMergeRate, false));
    }

    [Fact]
    public void RebaseConflictRate_UndefinedAt99_ThenConflictShareOfTheLast100()
    {
        var merges = new Merges().Add(7, attempts: 2, finalVerdict: "rebase_conflict").Add(92, attempts: 1, finalVerdict: "approved");
        Assert.Null(merges.Snapshot().Global.RebaseConflictRate.Value);
        Assert.Equal(99, merges.Snapshot().Global.RebaseConflictRate.N);

        merges.Add(1, attempts: 1);
        Assert.Equal(0.07, merges.Snapshot().Global.RebaseConflictRate.Value);

        // The 101st pushes out the first conflict: 6/100.
        merges.Add(1, attempts: 1);
        Assert.Equal(0.06, merges.Snapshot().Global.RebaseConflictRate.Value);
    }

    [Fact]
    public void P95_FullWindow_IsNearestRank()
    {
        // Sorted: 90 × 1, 4 × 2, 3 × 3, 2 × 5, 1 × 9; cumulative 90, 94, 97, 99, 100. Rank ⌈0.95 × 100⌉ = 95 falls on 3.
        // (Interpolation would also say 3 here; the small cases below tell the definitions apart.)
        var merges = new Merges().Add(1, 9).Add(2, 5).Add(3, 3).Add(4, 2).Add(89, 1);
        Assert.Null(merges.Snapshot().Global.P95AttemptsToMerge.Value);

        merges.Add(1, 1);
        Assert.Equal(3, merges.Snapshot().Global.P95AttemptsToMerge.Value);

        // Push out the 9 and both 5s with three 1s: 93 × 1, 4 × 2, 3 × 3; rank 95 falls on 2 (cumulative 93, 97).
        merges.Add(3, 1);
        Assert.Equal(2, merges.Snapshot().Global.P95AttemptsToMerge.Value);
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 5 }, 0.95, 5)] // rank ⌈4.75⌉ = 5; linear interpolation would give 4.8
    [InlineData(new[] { 1, 2, 3, 4, 5 }, 0.5, 3)]
    [InlineData(new[] { 3, 1, 2, 4 }, 0.5, 2)] // rank 2 of 1,2,3,4; interpolation would give 2.5
    [InlineData(new[] { 7 }, 0.95, 7)]
    public void NearestRank_SmallSets_IsAnObservedValueAtRankCeilPn(int[] values, double p, int expected)
    {
        var window = new RingWindow(values.Length, trackValues: true);
        foreach (var v in values)
        {
            window.Add(v);
        }

        Assert.Equal(expected, window.FullPercentile(p));
    }

    [Fact]
    public void NearestRank_TwentyValues_RankIs19NotRoundedUpTo20()
    {
        // 0.95 × 20 is 19.000000000000004 in floating point; the rank must still be 19.
        var window = new RingWindow(20, trackValues: true);
        for (var v = 1; v <= 20; v++)
        {
            window.Add(v);
        }

        Assert.Equal(19, window.FullPercentile(0.95));
    }

    [Fact]
    public void Windows_RandomHistory_MatchNaiveRecomputationAtEveryMerge()
    {
        var random = new Random(4004);
        var merges = new Merges();
        var history = new List<(int Attempts, bool Conflict)>();
        for (var i = 0; i < 3000; i++)
        {
            var attempts = random.Next(10) < 7 ? 1 : random.Next(2, 7);
            var conflict = random.Next(100) < 8;
            merges.Add(1, attempts, finalVerdict: conflict ? "rebase_conflict" : "approved");
            history.Add((attempts, conflict));

            var global = merges.Snapshot().Global;
            var last50 = history.TakeLast(50).ToList();
            var last100 = history.TakeLast(100).ToList();
            Assert.Equal(history.Count >= 50 ? last50.Count(h => h.Attempts == 1) / 50.0 : null, global.FirstPassMergeRate.Value);
            Assert.Equal(history.Count >= 100 ? last100.Count(h => h.Conflict) / 100.0 : null, global.RebaseConflictRate.Value);
            Assert.Equal(history.Count >= 100 ? last100.Select(h => h.Attempts).Order().ElementAt(94) : null, global.P95AttemptsToMerge.Value);
        }
    }

    [Fact]
    public void AttemptsWindow_ManyMerges_HoldsOneSlotPerMergeAndOneCountPerDistinctValue()
    {
        // The O(1) structure: a fixed ring and a histogram whose size is the number of distinct values, not merges.
        var window = new RingWindow(100, trackValues: true);
        for (var i = 0; i < 100_000; i++)
        {
            window.Add((i % 4) + 1);
        }

        Assert.Equal(100, window.Count);
        Assert.Equal(4, window.Distinct);
        window.Add(1000);
        Assert.Equal(5, window.Distinct);
        for (var i = 0; i < 100; i++)
        {
            window.Add(1);
        }

        Assert.Equal(1, window.Distinct);
    }

    [Fact]
    public void RebaseConflict_ReviewVerdictStandsInWhenMergeHasNoFinalVerdict()
    {
        var merges = new Merges(new WindowsOptions { RebaseConflictWindow = 2 });
        merges.Apply(Review("r-1", "wi-a", "rebase_conflict"));
        merges.Apply(Merges.MergeJson("m-a", 2, item: "wi-a"));
        merges.Apply(Review("r-2", "wi-b", "rebase_conflict"));
        merges.Apply(Merges.MergeJson("m-b", 2, finalVerdict: "approved", item: "wi-b"));

        // wi-a: no final verdict, its last review was a conflict: counts. wi-b: the merge's own verdict wins: does not.
        Assert.Equal(0.5, merges.Snapshot().Global.RebaseConflictRate.Value);
        Assert.Equal(2, merges.Snapshot().Merges);
    }

    [Fact]
    public void Merge_WithoutUsableAttempts_IsSkippedAndCounted()
    {
        var merges = new Merges();
        var bad = Merges.MergeJson("m-x", 1);
        bad["metadata"]!["attempts"] = 1.5;
        merges.Apply(bad);

        Assert.Equal(0, merges.Snapshot().Merges);
        Assert.Equal(1, merges.Snapshot().SkippedMerges);
    }

    private static System.Text.Json.Nodes.JsonObject Review(string id, string item, string verdict) => new()
    {
        ["id"] = id,
        ["timestamp"] = "2026-01-01T00:00:00Z",
        ["eventType"] = "workitem:reviewed",
        ["entityId"] = item,
        ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["verdict"] = verdict },
    };
}
