using Observability.Projections;
using System.Text;
using Observability.Analytics.Windows;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Analytics.Tests.Windows;

/// <summary>Per-project windows, the global fallback, and log order.</summary>
public sealed class ProjectFallbackTests
{
    [Fact]
    public void Project_FewerMergesThanWindow_ShowsGlobalValueAndItsOwnN()
    {
        // 50 first-pass merges of alpha, then 10 second-attempt merges of beta.
        var merges = new Merges().Add(50, attempts: 1, project: "alpha").Add(10, attempts: 2, project: "beta");
        var snapshot = merges.Snapshot();

        // Global last 50: 40 alpha (first pass) + 10 beta: 0.8.
        Assert.Equal(new WindowValue(0.8, 50, 50, "global"), snapshot.Global.FirstPassMergeRate);
        var alpha = snapshot.Projects.Single(p => p.Project == "alpha");
        var beta = snapshot.Projects.Single(p => p.Project == "beta");
        Assert.Equal(new WindowValue(1.0, 50, 50, "project"), alpha.FirstPassMergeRate);
        Assert.Equal(new WindowValue(0.8, 10, 50, "global"), beta.FirstPassMergeRate);
        Assert.Equal("first_pass_merge_rate = 0.8 (n=10/50, global fallback)", beta.FirstPassMergeRate.Describe(WindowNames.FirstPassMergeRate, true));

        // Rebase-conflict window (100): neither project nor the global one (60 merges) is full: undefined for all.
        Assert.Equal(new WindowValue(null, 50, 100, "global"), alpha.RebaseConflictRate);
        Assert.Equal(new WindowValue(null, 60, 100, "global"), snapshot.Global.RebaseConflictRate);
        Assert.Equal(["alpha", "beta"], snapshot.Projects.Select(p => p.Project));
    }

    [Fact]
    public void Merge_WithoutProject_CountsOnlyGlobally()
    {
        var snapshot = new Merges().Add(3, attempts: 1).Add(2, attempts: 1, project: "alpha").Snapshot();

        Assert.Equal(5, snapshot.Global.FirstPassMergeRate.N);
        Assert.Equal(2, Assert.Single(snapshot.Projects).FirstPassMergeRate.N);
    }

    [Fact]
    public void Project_InFallback_FollowsGlobalStateWithoutCrossingsOfItsOwn()
    {
        // beta has 5 merges; the global rate falls to 0 on alpha's second attempts: one crossing, for _global.
        var merges = new Merges().Add(5, attempts: 1, project: "beta").Add(45, attempts: 2, project: "alpha");

        var crossing = Assert.Single(merges.Crossings);
        Assert.Equal("_global", crossing.Project);
        var beta = merges.Snapshot().Projects.Single(p => p.Project == "beta");
        Assert.True(beta.TrustLost);
        Assert.Equal("global", beta.FirstPassMergeRate.Source);
    }

    [Fact]
    public void Project_WindowFills_InheritsGlobalStateThenCrossesOnItsOwnRate()
    {
        // 50 unprojected first-pass merges, then 50 groups of (3 unprojected first-pass, 1 second-attempt merge of p).
        // Any 50 consecutive global merges hold at most 13 of p's: the global rate stays ≥ 37/50 = 0.74, never lost.
        // p's own window fills at its 50th merge at 0/50: p inherits "trusted" from the global scope and loses it.
        var merges = new Merges().Add(50, attempts: 1);
        for (var i = 0; i < 50; i++)
        {
            merges.Add(3, attempts: 1).Add(1, attempts: 2, project: "p");
        }

        var crossing = Assert.Single(merges.Crossings);
        Assert.Equal(new ThresholdCrossing("trust", "lost", "p", 0.0, 50, 50, "m-250", Merges.T0.AddMinutes(250)), crossing);
        Assert.Equal("crossing:trust:p:m-250", crossing.EventId);
        var snapshot = merges.Snapshot();
        Assert.False(snapshot.Global.TrustLost);
        Assert.Equal(0.74, snapshot.Global.FirstPassMergeRate.Value);
        Assert.True(snapshot.Projects.Single().TrustLost);
        Assert.Equal(new WindowValue(0.0, 50, 50, "project"), snapshot.Projects.Single().FirstPassMergeRate);
    }

    [Fact]
    public async Task Feed_MergeArrivesLateWithOlderTimestamp_LogOrderDecides()
    {
        // 50 first-pass merges stamped 10:00..10:49, then one stamped 09:00 that took 2 attempts, appended last.
        // Log order is what counts: the late one is the newest merge and pushes out the first: 49/50.
        var directory = Directory.CreateTempSubdirectory("windows-order-").FullName;
        try
        {
            await using (var log = EventLogFile.Open(new EventLogOptions { Directory = directory }))
            {
                for (var i = 1; i <= 50; i++)
                {
                    await log.AppendAsync(Encoding.UTF8.GetBytes(Merges.MergeJson($"m-{i}", 1, "alpha", at: Merges.T0.AddHours(10).AddMinutes(i)).ToJsonString()));
                }

                await log.AppendAsync(Encoding.UTF8.GetBytes(Merges.MergeJson("late", 2, "alpha", at: Merges.T0.AddHours(9)).ToJsonString()));
            }

            var view = new MergeWindowsView(new WindowsOptions());
            await using var host = new ProjectionHost([view]);
            host.ReadAll(directory);
            var snapshot = host.Read(view.Snapshot);

            Assert.Equal(0.98, snapshot.Global.FirstPassMergeRate.Value);
            Assert.Equal(0.98, snapshot.Projects.Single().FirstPassMergeRate.Value);
            Assert.Equal(51, snapshot.Merges);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
