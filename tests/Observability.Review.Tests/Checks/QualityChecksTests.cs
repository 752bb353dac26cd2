using System.Text.Json.Nodes;
using static Observability.Review.Tests.ReviewLog;

namespace Observability.Review.Tests.Checks;

public sealed class QualityChecksTests
{
    [Fact]
    public void FlakyTest_FlakyCountsOfASuiteInTheWindow_AreSummed()
    {
        var log = new ReviewLog();
        log.Add("test:run", "suite-api", Now.AddHours(-30), Run(flaky: 5));
        var a = log.Add("test:run", "suite-api", Now.AddHours(-6), Run(flaky: 2));
        log.Add("test:run", "suite-api", Now.AddHours(-4), Run(flaky: 0));
        var b = log.Add("test:run", "suite-api", Now.AddHours(-2), Run(flaky: 1));
        log.Add("test:run", "suite-ui", Now.AddHours(-2), Run(flaky: 0));

        // 2 + 1 in the last 24 h; the run 30 h ago is outside the window.
        var flaky = log.Single("flaky_test", "suite-api");
        Assert.Equal(3, Figure(flaky, "flakyTests"));
        Assert.Equal(2, Figure(flaky, "runs"));
        Assert.Equal([a, b], flaky.EventIds);
        Assert.False(log.Holds("flaky_test", "suite-ui"));
    }

    [Fact]
    public void SkippedTestsRising_LatestRunAboveTheMedianOfTheRunsBefore_IsFound()
    {
        var log = new ReviewLog();
        var skipped = new[] { 2, 3, 1, 2, 4, 9 };
        for (var i = 0; i < skipped.Length; i++)
        {
            log.Add("test:run", "suite", Now.AddHours(-10 + i), Run(skipped: skipped[i]));
        }

        // Baseline: the 5 runs before the latest, 2 3 1 2 4, median 2; the latest skipped 9 = 7 more, at least 5.
        var rising = log.Single("skipped_tests_rising", "suite");
        Assert.Equal(9, Figure(rising, "skipped"));
        Assert.Equal(2, Figure(rising, "baselineMedian"));
    }

    [Fact]
    public void ReviewInconsistent_ApprovedThenReworked_IsFoundWithTheHoursBetween()
    {
        var log = new ReviewLog();
        var review = log.Add("workitem:reviewed", "wi-7", Now.AddHours(-10), new JsonObject { ["verdict"] = "approved" });
        var rework = log.Add("task:rework", "wi-7", Now.AddHours(-5), new JsonObject { ["reason"] = "missed edge case" });
        log.Add("workitem:reviewed", "wi-8", Now.AddHours(-10), new JsonObject { ["verdict"] = "changes_requested" });
        log.Add("task:rework", "wi-8", Now.AddHours(-5));

        var finding = log.Single("review_inconsistent", "wi-7");
        Assert.Equal(5, Figure(finding, "hoursAfterApproval"), 9);
        Assert.Equal([review, rework], finding.EventIds);
        Assert.False(log.Holds("review_inconsistent", "wi-8"));
    }

    [Fact]
    public void ReviewInconsistent_ApprovedThenEscapedDefect_IsFound()
    {
        var log = new ReviewLog();
        log.Add("workitem:reviewed", "wi-9", Now.AddDays(-3), new JsonObject { ["verdict"] = "approved" });
        log.Add("defect:detected", "bug-1", Now.AddDays(-1), new JsonObject { ["escaped"] = true, ["workItem"] = "wi-9" });
        Assert.Equal(48, Figure(log.Single("review_inconsistent", "wi-9"), "hoursAfterApproval"), 9);
    }

    [Fact]
    public void CoverageDrop_AfterAMerge_IsFoundAndRecoveryClearsIt()
    {
        var log = new ReviewLog();
        log.Add("coverage:reported", "cov", Now.AddHours(-5), new JsonObject { ["percent"] = 82.5, ["project"] = "shop" });
        log.Add("workitem:merged", "wi-1", Now.AddHours(-4), new JsonObject { ["attempts"] = 1, ["project"] = "shop" });
        log.Add("coverage:reported", "cov", Now.AddHours(-3), new JsonObject { ["percent"] = 79.0, ["project"] = "shop" });

        var drop = log.Single("coverage_drop", "shop");
        Assert.Equal(3.5, Figure(drop, "dropPoints"), 12);
        log.Add("coverage:reported", "cov", Now.AddHours(-1), new JsonObject { ["percent"] = 81.0, ["project"] = "shop" });
        Assert.False(log.Holds("coverage_drop", "shop"));
    }

    [Fact]
    public void OutOfScopeChange_FilesOutsideTheAllowedPaths_AreFound()
    {
        var log = new ReviewLog();
        log.Add("ws:execution", "run-1", Now.AddHours(-2), new JsonObject { ["status"] = "STARTED", ["allowedPaths"] = new JsonArray("src/app/", "docs/*.md") });
        log.Add("ws:execution", "run-1", Now.AddHours(-1), new JsonObject
        {
            ["status"] = "COMPLETED",
            ["fileMetrics"] = new JsonObject
            {
                ["created"] = new JsonArray("src/app/new.cs"),
                ["modified"] = new JsonArray("docs/guide.md", "docs/deep/x.md", "Directory.Build.props"),
                ["deleted"] = new JsonArray(),
            },
        });

        var finding = log.Single("out_of_scope_change", "run-1");
        Assert.Equal(2, Figure(finding, "filesOutside"));
        Assert.Contains("docs/deep/x.md", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("Directory.Build.props", finding.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/app", "src/app/x.cs", true)]
    [InlineData("src/app/", "src/application.cs", false)]
    [InlineData("src/**/*.cs", "src/a/b/c.cs", true)]
    [InlineData("src/**/*.cs", "src/c.cs", true)]
    [InlineData("src/*.cs", "src/a/c.cs", false)]
    [InlineData("tests/?.cs", "tests/a.cs", true)]
    public void PathPattern_Globs_MatchAsDocumented(string pattern, string path, bool matches) =>
        Assert.Equal(matches, State.PathPattern.Matches(pattern, path));

    private static JsonObject Run(int flaky = 0, int skipped = 0) => new() { ["passed"] = 10, ["failed"] = 0, ["flaky"] = flaky, ["skipped"] = skipped };
}
