using System.Text.Json;
using Observability.Analytics.Runs;
using Observability.Analytics.Windows;

namespace Observability.Analytics.Tests.Runs;

/// <summary>
/// The reports over a log written before the bounds on summed numbers: values beyond a bound are left out as if
/// absent, sums of what remains cannot overflow, and every figure is finite.
/// </summary>
public sealed class RunBoundsTests
{
    [Fact]
    public void Reports_ValuesBeyondTheirBounds_AreLeftOutAndEveryFigureIsFinite()
    {
        var view = RunHistory.NewView();
        var history = new History(view);
        for (var i = 0; i < 3; i++)
        {
            history
                .Add($"s{i}", "ws:execution", $"run-{i}", "10:00", model: "m", tokens: (9_000_000_000_000_000_000, 1_000_000_000),
                    metadata: new { status = "STARTED", costUsd = 1.7e308, reworkCycles = 1_000_000_000, llmCalls = 1_000_000_000, testsWritten = 2_000_000_000 })
                .Add($"p{i}", "ws:phase", $"run-{i}", "10:05", metadata: new { phase = "verify", wsExecutionId = $"run-{i}", durationSeconds = 1e300, testsWritten = 1_000_000_000 })
                .Add($"p{i}b", "ws:phase", $"run-{i}", "10:06", metadata: new { phase = "implement", wsExecutionId = $"run-{i}", testsWritten = 1_000_000_000 })
                .Add($"c{i}", "llm:call", $"call-{i}", "10:10", model: "m", tokens: (1_000_000_000, 1), metadata: new { wsExecutionId = $"run-{i}", costUsd = 1.7e308 })
                .Add($"f{i}", "ws:execution", $"run-{i}", "11:00", metadata: new { status = "COMPLETED", reworkCycles = 1_000_000_000 });
        }

        var cost = view.CostSummary(TimeScope.All);
        var dashboard = view.Dashboard("all", TimeScope.All);
        var scoreboard = view.Scoreboard("all", TimeScope.All);
        var record = view.Find("run-0")!;

        Assert.Equal(0, cost.Total.CostUsd);
        Assert.Equal(3_000_000_000, cost.Total.InputTokens);
        Assert.Equal(0, scoreboard.TotalCostUsd);
        Assert.Equal(1_000_000_000, dashboard.AvgReworkCycles);
        Assert.Equal(2_000_000_000, record.Tests.Written);
        Assert.Null(record.Phases.Single(p => p.Name == "verify").DurationSeconds);
        foreach (var report in new object[] { cost, dashboard, scoreboard, record })
        {
            AssertFinite(JsonSerializer.SerializeToElement(report));
        }
    }

    [Fact]
    public void Record_PhaseTestsSummedBeyondIntRange_AreExact()
    {
        var view = RunHistory.NewView();
        var history = new History(view).Add("s", "ws:execution", "run-x", "10:00", metadata: new { status = "STARTED" });
        for (var i = 0; i < 3; i++)
        {
            history.Add($"p{i}", "ws:phase", "run-x", $"10:0{i + 1}", metadata: new { phase = "implement", wsExecutionId = "run-x", testsWritten = 1_000_000_000 });
        }

        Assert.Equal(3_000_000_000, view.Find("run-x")!.Tests.Written);
    }

    [Fact]
    public void DurationSeconds_IsWrittenAsWholeSecondsLikeSeed002sIntegerColumn()
    {
        var view = RunHistory.NewView();
        new History(view)
            .Add("f", "ws:execution", "run-d", "10:30", metadata: new { status = "COMPLETED", startedAt = "2026-01-05T09:59:59.4Z" })
            .Add("p", "ws:phase", "run-d", "10:04:30", metadata: new { phase = "verify", wsExecutionId = "run-d", durationSeconds = 269.5 });
        var record = view.Find("run-d")!;

        var json = JsonSerializer.SerializeToElement(record);

        Assert.Equal(1800.6, record.DurationSeconds!.Value, 9);
        Assert.Equal("1801", json.GetProperty("DurationSeconds").GetRawText());
        Assert.Equal("270", json.GetProperty("Phases")[0].GetProperty("DurationSeconds").GetRawText());
        Assert.Equal(1800.6, view.Scoreboard("all", TimeScope.All).AvgDurationSeconds!.Value, 9);
    }

    [Fact]
    public void Windows_AttemptsBeyondTheirBound_AreSkippedNotCounted()
    {
        var view = new MergeWindowsView(new WindowsOptions());
        new History(view)
            .Add("m1", "workitem:merged", "WI-1", "10:00", metadata: new { attempts = 1e30 })
            .Add("m2", "workitem:merged", "WI-2", "10:01", metadata: new { attempts = 2147483648L })
            .Add("m3", "workitem:merged", "WI-3", "10:02", metadata: new { attempts = 1e2 });

        var snapshot = view.Snapshot();

        Assert.Equal(1, snapshot.Merges);
        Assert.Equal(2, snapshot.SkippedMerges);
    }

    private static void AssertFinite(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.True(double.IsFinite(element.GetDouble()), element.GetRawText());
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AssertFinite(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertFinite(item);
                }

                break;
        }
    }
}
