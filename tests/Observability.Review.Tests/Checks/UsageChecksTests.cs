using System.Text.Json.Nodes;
using static Observability.Review.Tests.ReviewLog;

namespace Observability.Review.Tests.Checks;

public sealed class UsageChecksTests
{
    // Cost per UTC day over the 14 days before today, oldest first; today 5.00 USD.
    private static readonly double[] Baseline = [1.0, 1.2, 0.9, 1.1, 1.0, 1.3, 0.8, 1.0, 1.1, 0.9, 1.2, 1.0, 1.0, 1.1];

    [Fact]
    public void CostSpike_TodayFarAboveTheTrailingMedian_IsFoundWithTheRobustScore()
    {
        var log = Seeded(new ReviewOptions { Budgets = { ["proj-a"] = 3 } });

        // By hand: sorted baseline 0.8 0.9 0.9 1.0 1.0 1.0 1.0 1.0 1.1 1.1 1.1 1.2 1.2 1.3, median (1.0 + 1.0) / 2 = 1.0;
        // |x − 1.0| sorted: five 0, five 0.1, three 0.2, one 0.3, so MAD = (0.1 + 0.1) / 2 = 0.1;
        // score = (5 − 1) / (1.4826022 × 0.1) = 26.98. Reference (numpy 1.x, scipy):
        // /usr/bin/python3 -c "import numpy as np, scipy.stats as s; b=np.array([1.0,1.2,0.9,1.1,1.0,1.3,0.8,1.0,1.1,0.9,1.2,1.0,1.0,1.1]);
        //   print(np.median(b), s.median_abs_deviation(b), (5-np.median(b))/s.median_abs_deviation(b, scale='normal'))"
        // prints 1.0 0.10000000000000003 26.97959000784326
        var spike = log.Single("cost_spike", "m-large");
        Assert.Equal(5.0, Figure(spike, "today"), 12);
        Assert.Equal(1.0, Figure(spike, "median"), 12);
        Assert.Equal(0.1, Figure(spike, "mad"), 12);
        Assert.Equal(26.97959000784326, Figure(spike, "score"), 9);
        Assert.Equal(14, Figure(spike, "baselineDays"));

        // Tokens are 1000 × the cost: the same shape, so the same score, (5000 − 1000) / 148.26022 (numpy: 26.979590007843266).
        Assert.Equal(26.979590007843266, Figure(log.Single("token_spike", "m-large"), "score"), 9);
        Assert.True(log.Holds("cost_spike", "proj-a"));
    }

    [Fact]
    public void OverBudget_TodaysCostAboveTheProjectsBudget_IsCritical()
    {
        var log = Seeded(new ReviewOptions { Budgets = { ["proj-a"] = 3, ["proj-b"] = 10 } });
        var over = log.Single("over_budget", "proj-a");
        Assert.Equal("critical", over.Kind.Severity);
        Assert.Equal(5.0, Figure(over, "costUsd"), 12);
        Assert.Equal(3, Figure(over, "budgetUsd"));
        Assert.False(log.Holds("over_budget", "proj-b"));
    }

    [Fact]
    public void OverBudget_NextDay_Closes()
    {
        var log = Seeded(new ReviewOptions { Budgets = { ["proj-a"] = 3 } });
        var first = log.Review();
        Assert.Contains(first.Opened, o => o.Candidate.Kind.Name == "over_budget");
        log.Time.Advance(TimeSpan.FromDays(1));
        var next = log.Review();
        Assert.Contains(next.Closed, c => c.Finding.Kind == "over_budget" && c.Finding.Subject == "proj-a");
    }

    [Fact]
    public void RobustScore_FlatBaseline_UsesTheMeanAbsoluteDeviationOrNone()
    {
        // MAD of [1,1,1,1,3] is 0; the mean absolute deviation from the median 1 is 0.4, scaled by √(π/2): 0.50133.
        var score = RobustScore.Of(3, [1, 1, 1, 1, 3])!.Value;
        Assert.Equal(2 / (0.4 * 1.2533141373155001), score.Score, 12);
        Assert.Null(RobustScore.Of(3, [1, 1, 1]));
    }

    private static ReviewLog Seeded(ReviewOptions options)
    {
        options.IntervalSeconds = 0;
        var log = new ReviewLog(options);
        for (var d = 0; d < Baseline.Length; d++)
        {
            Call(log, new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-(Baseline.Length - d)).AddHours(10), Baseline[d]);
        }

        Call(log, Now.AddHours(-2), 2.0);
        Call(log, Now.AddHours(-1), 3.0);
        return log;
    }

    private static void Call(ReviewLog log, DateTimeOffset at, double cost) => log.Add(
        "llm:call", "call", at, new JsonObject { ["costUsd"] = cost, ["project"] = "proj-a" },
        new JsonObject { ["model"] = "m-large", ["tokens"] = new JsonObject { ["input"] = (long)Math.Round(cost * 800), ["output"] = (long)Math.Round(cost * 200) } });
}
