using System.Text.RegularExpressions;
using Observability.Ops.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>alerts.yml checked by promtool and against the conventions: every alert complete and unit-tested.</summary>
public sealed partial class RuleTests
{
    private static readonly string[] Severities = ["critical", "warning", "info"];

    [Fact]
    public async Task PromtoolCheckRules_AlertsYml_Passes()
    {
        var output = await Tool.RunSuccessfullyAsync(Tool.Find("promtool", "prometheus"), ["check", "rules", Repo.AlertsYml]);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolTestRules_EveryTestFile_Passes()
    {
        var files = Directory.GetFiles(Repo.RuleTestsDirectory, "*.test.yml").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var output = await Tool.RunSuccessfullyAsync(Tool.Find("promtool", "prometheus"), ["test", "rules", .. files], Repo.RuleTestsDirectory, TimeSpan.FromMinutes(3));
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlert_HasSeveritySummaryDescriptionRunbookAndFor()
    {
        var alerts = RuleFile.Alerts(Repo.AlertsYml);
        Assert.True(alerts.Count >= 30, $"only {alerts.Count} alerts");
        foreach (var alert in alerts)
        {
            Assert.Matches("^AgentObs[A-Z][A-Za-z0-9]+$", alert.Name);
            Assert.True(alert.For is not null, $"{alert.Name} has no for");
            Assert.Contains(alert.Labels.GetValueOrDefault("severity"), Severities);
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), $"{alert.Name}: summary");
            Assert.DoesNotContain("{{", alert.Annotations["summary"], StringComparison.Ordinal);
            Assert.True(alert.Annotations.GetValueOrDefault("description")?.Contains("{{ $", StringComparison.Ordinal) == true, $"{alert.Name}: description is not templated");
            Assert.Equal($"docs/runbook.md#{alert.Name.ToLowerInvariant()}", alert.Annotations.GetValueOrDefault("runbook_url"));
        }
    }

    [Fact]
    public void EveryAlert_HasARunbookSection()
    {
        var headings = File.ReadAllLines(Repo.RunbookMd)
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("### ", StringComparison.Ordinal))
            .Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var missing = RuleFile.Alerts(Repo.AlertsYml).Select(a => a.Name.ToLowerInvariant()).Where(a => !headings.Contains(a)).ToList();
        Assert.True(missing.Count == 0, "docs/runbook.md has no section for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryAlert_HasPromtoolCases_SilentBeforeForAndFiringWithLabelsAndAnnotationsAfter()
    {
        var silentBefore = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        var firingAfter = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        var silentWhenHealthy = new HashSet<string>(StringComparer.Ordinal);
        var severities = RuleFile.Alerts(Repo.AlertsYml).ToDictionary(a => a.Name, a => a.Labels.GetValueOrDefault("severity"), StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Repo.RuleTestsDirectory, "*.test.yml"))
        {
            var healthy = Path.GetFileName(file) == "healthy.test.yml";
            foreach (var test in Yaml.Load(file).Seq("tests"))
            {
                foreach (var check in test.Seq("alert_rule_test"))
                {
                    var alert = check.Str("alertname")!;
                    var at = Duration(check.Str("eval_time")!);
                    var expected = check.Seq("exp_alerts").ToList();
                    if (expected.Count == 0)
                    {
                        if (healthy)
                        {
                            silentWhenHealthy.Add(alert);
                        }
                        else
                        {
                            (silentBefore.TryGetValue(alert, out var list) ? list : silentBefore[alert] = []).Add(at);
                        }
                    }
                    else
                    {
                        Assert.All(expected, e =>
                        {
                            // The case pins the alert's own severity, not just some labels.
                            Assert.True(
                                severities.TryGetValue(alert, out var severity) && e.Map("exp_labels").GetValueOrDefault("severity") == severity,
                                $"{Path.GetFileName(file)}: {alert} expects severity '{e.Map("exp_labels").GetValueOrDefault("severity")}', alerts.yml says '{severity}'");
                            Assert.Equal(3, e.Map("exp_annotations").Count);
                        });
                        (firingAfter.TryGetValue(alert, out var list) ? list : firingAfter[alert] = []).Add(at);
                    }
                }
            }
        }

        foreach (var alert in RuleFile.Alerts(Repo.AlertsYml))
        {
            Assert.True(firingAfter.ContainsKey(alert.Name), $"{alert.Name}: no promtool case shows it firing");
            Assert.True(silentBefore.ContainsKey(alert.Name), $"{alert.Name}: no promtool case shows it silent before its for elapses");
            Assert.True(silentWhenHealthy.Contains(alert.Name), $"{alert.Name}: healthy.test.yml does not show it silent");
            // Silent one evaluation step before it fires: the for is what keeps it quiet.
            Assert.Contains(firingAfter[alert.Name], f => silentBefore[alert.Name].Any(s => s < f && f - s <= TimeSpan.FromHours(1)));
        }
    }

    [Fact]
    public void RecordingRules_AreNamedLevelMetricOperation_AndEveryUseIsDefined()
    {
        var rules = RuleFile.Load(Repo.AlertsYml);
        var records = rules.Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Matches("^[a-z_]+:agentobs_[a-z0-9_]+:[a-z0-9_]+$", r));
        var used = rules.SelectMany(r => RuleFile.RecordingRuleNames(r.Expr))
            .Concat(Dashboard.All().SelectMany(d => d.Panels).SelectMany(p => p.Exprs).SelectMany(RuleFile.RecordingRuleNames))
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, records));
    }

    [Fact]
    public void Ratios_SumNumeratorAndDenominator_NeverDivideASeriesByItself()
    {
        // Seed 001's HighTaskFailureRate: rate(x{success="false"}) / rate(x) matches each series with itself.
        var ratios = RuleFile.Load(Repo.AlertsYml)
            .Where(r => r.Expr.Contains(" / ", StringComparison.Ordinal) || r.Expr.Contains("\n/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(ratios);
        foreach (var rule in ratios)
        {
            Assert.DoesNotMatch(BareRateDivision(), rule.Expr);
        }
    }

    [Fact]
    public void ShortenedCopy_ChangesOnlyRangesOffsetsForsAndIntervals()
    {
        var original = RuleFile.Load(Repo.AlertsYml);
        using var directory = new Observability.Sidecar.Tests.Support.TempDirectory("short");
        var path = directory.Combine("alerts.yml");
        File.WriteAllText(path, RuleFile.Shortened(File.ReadAllText(Repo.AlertsYml), "15s", "3s", "1s"));
        var shortened = RuleFile.Load(path);

        Assert.Equal(original.Select(r => (r.Group, r.Name)), shortened.Select(r => (r.Group, r.Name)));
        foreach (var (before, after) in original.Zip(shortened))
        {
            Assert.Equal(before.Labels, after.Labels);
            Assert.Equal(before.Annotations, after.Annotations);
            Assert.Equal(before.For is null ? null : "3s", after.For);
            Assert.DoesNotMatch(@"\[(?!15s\])[0-9]", after.Expr);
            Assert.Equal(Normalized(before.Expr), Normalized(after.Expr));
        }

        Assert.All(Yaml.Load(path).Seq("groups"), g => Assert.Equal("1s", g.Str("interval")));
        static string Normalized(string expr) => AnyDuration().Replace(expr, "D");
    }

    private static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match m in DurationPart().Matches(text))
        {
            var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => throw new FormatException(text),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(?<=\[|offset )(\d+(ms|s|m|h|d|w|y))+")]
    private static partial Regex AnyDuration();

    [GeneratedRegex(@"(\d+)([smhd])")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^\s*rate\([^)]*\)\s*/\s*rate\(", RegexOptions.Multiline)]
    private static partial Regex BareRateDivision();
}
