using System.Globalization;
using System.Text.RegularExpressions;
using Observability.Ops.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// One-to-many matches in dashboards and rules must hold with several scraped sidecars: matching
/// <c>on (window)</c> alone pairs every instance's series with every other's and Prometheus refuses it.
/// </summary>
public sealed partial class VectorMatchingTests
{
    [Fact]
    public void EveryGroupLeftOrRight_InDashboardsAndRules_MatchesOnJobAndInstance()
    {
        var expressions = Dashboard.All().SelectMany(d => d.Panels).SelectMany(p => p.Exprs.Select(e => (Where: p.ToString(), Expr: e)))
            .Concat(RuleFile.Load(Repo.AlertsYml).Select(r => (Where: $"alerts.yml: {r.Name}", Expr: r.Expr)))
            .ToList();
        Assert.Contains(expressions, e => GroupMatch().IsMatch(e.Expr));
        Assert.All(expressions, e => Assert.True(KeepsInstances(e.Expr), $"{e.Where}: {e.Expr} matches without job and instance"));
    }

    [Fact]
    public void KeepsInstances_CatchesOnWithoutInstanceAndIgnoringInstance()
    {
        Assert.False(KeepsInstances("a / on (window) group_left b"));
        Assert.False(KeepsInstances("a / on(job, window) group_right b"));
        Assert.False(KeepsInstances("a / ignoring (instance) group_left b"));
        Assert.True(KeepsInstances("a / on (job, instance, window) group_left b"));
        Assert.True(KeepsInstances("a / ignoring (project) group_left b"));
        Assert.True(KeepsInstances("a / b"));
    }

    [Fact]
    public async Task WindowFillPanel_WithTwoScrapedInstances_EvaluatesPerInstance()
    {
        var expr = Dashboard.All().SelectMany(d => d.Panels).Single(p => p.Title.StartsWith("Window fill", StringComparison.Ordinal)).Exprs.Single();
        var directory = Directory.CreateTempSubdirectory("agentobs-matching-");
        try
        {
            // Two sidecars scraped by one Prometheus: same window labels, different instances.
            var test = string.Create(CultureInfo.InvariantCulture, $$"""
                evaluation_interval: 1m
                tests:
                - interval: 1m
                  input_series:
                  - series: agentobs_merge_window_samples{job="agentobs-sidecar",instance="a:9464",project="p",window="first_pass"}
                    values: 25x5
                  - series: agentobs_merge_window_samples{job="agentobs-sidecar",instance="b:9464",project="p",window="first_pass"}
                    values: 50x5
                  - series: agentobs_merge_window_size{job="agentobs-sidecar",instance="a:9464",window="first_pass"}
                    values: 50x5
                  - series: agentobs_merge_window_size{job="agentobs-sidecar",instance="b:9464",window="first_pass"}
                    values: 50x5
                  promql_expr_test:
                  - expr: '{{Dashboard.Resolve(expr, "5m").Replace("'", "''", StringComparison.Ordinal)}}'
                    eval_time: 2m
                    exp_samples:
                    - labels: '{job="agentobs-sidecar",instance="a:9464",project="p",window="first_pass"}'
                      value: 0.5
                    - labels: '{job="agentobs-sidecar",instance="b:9464",project="p",window="first_pass"}'
                      value: 1
                """);
            var file = Path.Combine(directory.FullName, "matching.test.yml");
            await File.WriteAllTextAsync(file, test);
            var output = await Tool.RunSuccessfullyAsync(Tool.Find("promtool", "prometheus"), ["test", "rules", file], directory.FullName);
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool KeepsInstances(string expr) => GroupMatch().Matches(expr).All(m =>
    {
        var labels = m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var keeps = labels.Contains("job", StringComparer.Ordinal) && labels.Contains("instance", StringComparer.Ordinal);
        var drops = labels.Contains("job", StringComparer.Ordinal) || labels.Contains("instance", StringComparer.Ordinal);
        return m.Groups["how"].Value == "on" ? keeps : !drops;
    });

    [GeneratedRegex(@"\b(?<how>on|ignoring)\s*\((?<labels>[^)]*)\)\s*group_(left|right)")]
    private static partial Regex GroupMatch();
}
