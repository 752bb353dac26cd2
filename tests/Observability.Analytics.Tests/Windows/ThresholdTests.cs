using Observability.Analytics.Windows;

namespace Observability.Analytics.Tests.Windows;

/// <summary>Hysteresis: trust lost below 0.70 and regained at 0.85; scope tightened above 0.10 and relaxed below 0.05.</summary>
public sealed class ThresholdTests
{
    [Fact]
    public void Trust_RateFallsBelow70ThenClimbsTo85_CrossesOnceEachWayWithoutFlapping()
    {
        var merges = new Merges().Add(50, attempts: 1);
        Assert.Empty(merges.Crossings);

        // k second-attempt merges after 50 first-pass ones: (50 - k)/50. k = 15 gives exactly 0.70: not below.
        merges.Add(15, attempts: 2);
        Assert.Equal(0.70, merges.Snapshot().Global.FirstPassMergeRate.Value);
        Assert.Empty(merges.Crossings);

        // k = 16 (merge 66): 34/50 = 0.68 < 0.70: lost.
        merges.Add(1, attempts: 2);
        var lost = Assert.Single(merges.Crossings);
        Assert.Equal(new ThresholdCrossing("trust", "lost", "_global", 0.68, 50, 50, "m-66", Merges.T0.AddMinutes(66)), lost);
        Assert.True(merges.Snapshot().Global.TrustLost);

        // First-pass merges now push out merges 17..50 (first pass too) for 34 merges: the rate stays 0.68. Then each
        // pushes out one of the 16 second-attempt merges: 0.70, 0.72 … 0.84 (m = 1..8) — back above 0.70, no crossing.
        merges.Add(34 + 8, attempts: 1);
        Assert.Equal(0.84, merges.Snapshot().Global.FirstPassMergeRate.Value);
        Assert.Single(merges.Crossings);
        Assert.True(merges.Snapshot().Global.TrustLost);

        // m = 9 (merge 66 + 43 = 109): 43/50 = 0.86 ≥ 0.85: regained.
        merges.Add(1, attempts: 1);
        Assert.Equal(2, merges.Crossings.Count);
        Assert.Equal(new ThresholdCrossing("trust", "regained", "_global", 0.86, 50, 50, "m-109", Merges.T0.AddMinutes(109)), merges.Crossings[1]);
        Assert.False(merges.Snapshot().Global.TrustLost);
        Assert.Equal(2, merges.Snapshot().Crossings);
    }

    [Fact]
    public void Trust_RateOscillatesBetween70And85_NoCrossingAfterTheFirst()
    {
        var merges = new Merges().Add(50, attempts: 1).Add(16, attempts: 2);
        Assert.Single(merges.Crossings);

        // Blocks of 4 second-attempt and 11 first-pass merges: any 50 consecutive hold 12 to 16 second attempts, so the
        // rate swings between 0.68 and 0.76, across 0.70 both ways again and again, and never reaches 0.85.
        var rates = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            merges.Add(1, attempts: i % 15 < 4 ? 2 : 1);
            rates.Add(merges.Snapshot().Global.FirstPassMergeRate.Value!.Value);
        }

        var upward = rates.Zip(rates.Skip(1)).Count(p => p.First < 0.70 && p.Second >= 0.70);
        var downward = rates.Zip(rates.Skip(1)).Count(p => p.First >= 0.70 && p.Second < 0.70);
        Assert.True(upward >= 3 && downward >= 3, $"the rate should cross 0.70 repeatedly: up {upward}, down {downward}");
        Assert.True(rates.Max() < 0.85, $"max {rates.Max()}");
        Assert.True(merges.Snapshot().Global.TrustLost);
        Assert.Single(merges.Crossings);
    }

    [Fact]
    public void Scope_RateRisesAbove10ThenFallsBelow5_TightensThenRelaxes()
    {
        var merges = new Merges().Add(100, attempts: 1, finalVerdict: "approved");

        // 10 conflicts: 0.10 is not above 0.10. The 11th (merge 111): 0.11: tightened.
        merges.Add(10, attempts: 2, finalVerdict: "rebase_conflict");
        Assert.Empty(merges.Crossings);
        merges.Add(1, attempts: 2, finalVerdict: "rebase_conflict");
        Assert.Equal(new ThresholdCrossing("scope", "tightened", "_global", 0.11, 100, 100, "m-111", Merges.T0.AddMinutes(111)), Assert.Single(merges.Crossings));

        // Clean merges push out merges 12..100 (clean) for 89 merges, then one conflict each: 0.10 … 0.05 (c = 1..6), no crossing.
        merges.Add(89 + 6, attempts: 1, finalVerdict: "approved");
        Assert.Equal(0.05, merges.Snapshot().Global.RebaseConflictRate.Value);
        Assert.Single(merges.Crossings);
        Assert.True(merges.Snapshot().Global.ScopeTightened);

        // c = 7 (merge 111 + 96 = 207): 0.04 < 0.05: relaxed.
        merges.Add(1, attempts: 1, finalVerdict: "approved");
        Assert.Equal(new ThresholdCrossing("scope", "relaxed", "_global", 0.04, 100, 100, "m-207", Merges.T0.AddMinutes(207)), merges.Crossings[1]);
        Assert.False(merges.Snapshot().Global.ScopeTightened);
    }

    [Fact]
    public void Trust_WindowNotFull_NoCrossingEvenAtZero()
    {
        var merges = new Merges().Add(49, attempts: 3);

        Assert.Empty(merges.Crossings);
        Assert.False(merges.Snapshot().Global.TrustLost);

        // The 50th fills the window at 0/50: lost, once.
        merges.Add(1, attempts: 3);
        Assert.Equal(0.0, Assert.Single(merges.Crossings).Value);
    }

    [Fact]
    public void Crossings_SameHistoryReplayed_SameEventsAndIds()
    {
        // A restart re-reads the log from the start: the crossings must come out identical, so the log refuses them.
        static List<ThresholdCrossing> Run() => new Merges().Add(50, 1).Add(16, 2).Add(43, 1).Crossings;

        var first = Run();
        var second = Run();

        Assert.Equal(first, second);
        Assert.Equal(["crossing:trust:_global:m-66", "crossing:trust:_global:m-109"], first.Select(c => c.EventId));
    }

    [Fact]
    public void Crossing_EventJson_IsAThresholdCrossedEventWithTheMergeTimestamp()
    {
        var crossing = new ThresholdCrossing("scope", "tightened", "alpha", 0.11, 100, 100, "m-1", Merges.T0);

        var json = System.Text.Encoding.UTF8.GetString(crossing.ToEventJson());

        Assert.Equal(
            """{"id":"crossing:scope:alpha:m-1","timestamp":"2026-01-01T00:00:00.000Z","eventType":"threshold:crossed","entityType":"threshold","entityId":"scope:alpha","metadata":{"threshold":"scope","direction":"tightened","project":"alpha","value":0.11,"n":100,"window":100,"mergeEventId":"m-1"}}""",
            json);
    }

    [Fact]
    public void Crossing_LongIds_HashedToFitTheIdLimit()
    {
        var crossing = new ThresholdCrossing("trust", "lost", new string('p', 100), 0.5, 50, 50, new string('m', 100), Merges.T0);

        // SHA-256 of "<project>\n<merge id>" in lower-case hex, worked out with Python's hashlib:
        // hashlib.sha256(("p" * 100 + "\n" + "m" * 100).encode()).hexdigest().
        Assert.Equal("crossing:trust:2fd9a774782166011f6b6bf4e9150afbcab7f8c516e841511e3cfffe99dcfac8", crossing.EventId);
        // The value, the sample count and the time are not part of it: a replay that re-derives the crossing gets the same id.
        Assert.Equal(crossing.EventId, new ThresholdCrossing("trust", "lost", new string('p', 100), 0.1, 7, 50, new string('m', 100), Merges.T0.AddDays(1)).EventId);
        Assert.NotEqual(crossing.EventId, (crossing with { Project = new string('q', 100) }).EventId);
    }

    [Fact]
    public void Options_ThresholdsWithoutGap_FailNamingTheSetting()
    {
        var failures = new WindowsOptions { TrustLostBelow = 0.9, FirstPassWindow = 0, ScopeRelaxedBelow = 1.5 }.Validate();

        Assert.Contains(failures, f => f.StartsWith("Windows:TrustLostBelow (0.9) must be below Windows:TrustRegainedAt", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Windows:FirstPassWindow must be between 1 and", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Windows:ScopeRelaxedBelow must be a ratio", StringComparison.Ordinal));
        Assert.Empty(new WindowsOptions().Validate());
        Assert.Throws<ArgumentException>(() => new MergeWindowsView(new WindowsOptions { AttemptsWindow = -1 }));
    }
}
