using System.Text.RegularExpressions;
using Observability.Ops.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>Every dashboard's conventions, read from its JSON.</summary>
public sealed partial class DashboardTests
{
    public static TheoryData<string> Files() => [.. Dashboard.All().Select(d => d.Name)];

    private static Dashboard Get(string name) => Dashboard.All().Single(d => d.Name == name);

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_HasAStableUidMatchingItsFile(string name)
    {
        var dashboard = Get(name);
        Assert.Equal(Path.GetFileNameWithoutExtension(name), dashboard.Uid);
        Assert.True(dashboard.Uid!.Length <= 40, "Grafana uids are at most 40 characters");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_HasDatasourceProjectAgentTypeAndModelVariables(string name)
    {
        var variables = Get(name).Variables.ToDictionary(v => v["name"]!.GetValue<string>(), v => v, StringComparer.Ordinal);
        Assert.Equal("datasource", variables["datasource"]["type"]!.GetValue<string>());
        Assert.Equal("agentobs-prometheus", variables["datasource"]["current"]!["value"]!.GetValue<string>());
        foreach (var (variable, label) in new[] { ("project", "project"), ("agent_type", "agent_type"), ("model", "model") })
        {
            Assert.True(variables.ContainsKey(variable), $"{name} has no ${variable} variable");
            Assert.Contains($", {label})", variables[variable]["definition"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(".*", variables[variable]["allValue"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryPanel_HasAUnitAndTheDatasourceVariable(string name)
    {
        var panels = Get(name).Panels.Where(p => p.Type != "row").ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels, p =>
        {
            Assert.False(string.IsNullOrEmpty(p.Unit), $"{p} has no unit");
            Assert.Equal("${datasource}", p.Datasource?["uid"]?.GetValue<string>());
            Assert.NotEmpty(p.Exprs);
        });
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryRateAndIncrease_UsesRateInterval(string name)
    {
        var ranges = Get(name).Panels.SelectMany(p => p.Exprs.SelectMany(e => RangeFunction().Matches(e).Select(m => (Panel: p, Range: m.Groups["range"].Value)))).ToList();
        Assert.NotEmpty(ranges);
        Assert.All(ranges, r => Assert.True(r.Range == "$__rate_interval", $"{r.Panel}: a range function over [{r.Range}]"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_HasNoImportPlaceholders(string name)
    {
        var text = File.ReadAllText(Get(name).File);
        Assert.DoesNotContain("${DS_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("__inputs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboards_CoverSeed001sPanelGroupsSeed004AndTokenCost()
    {
        var rows = Dashboard.All().SelectMany(d => d.Panels).Where(p => p.Type == "row").Select(p => p.Title).ToList();
        foreach (var group in new[] { "Task overview", "Quality", "Pipeline performance", "AI assistance", "Learning and rework", "Merge rates (count windows)", "Windows", "Threshold states", "Tokens", "Cost" })
        {
            Assert.Contains(group, rows);
        }
    }

    [Fact]
    public void Conventions_CatchAMissingUnitARawRangeAndAPlaceholder()
    {
        // The checks above would see these: a rate over a fixed range, and a placeholder.
        Assert.Matches(RangeFunction(), "sum(rate(agentobs_task_total[5m]))");
        Assert.Equal("5m", RangeFunction().Match("sum(rate(agentobs_task_total[5m]))").Groups["range"].Value);
        Assert.Equal("$__rate_interval", RangeFunction().Match("increase(agentobs_x_total{a=~\"$b\"}[$__rate_interval])").Groups["range"].Value);
    }

    [GeneratedRegex(@"\b(?:rate|irate|increase|delta|idelta|deriv|changes|resets)\((?:[^\[\]()]|\([^()]*\))*\[(?<range>[^\]]+)\]")]
    private static partial Regex RangeFunction();
}
