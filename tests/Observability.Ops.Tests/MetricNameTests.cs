using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>Every metric a rule or a dashboard names is one the real sidecar exports.</summary>
public sealed class MetricNameTests
{
    [Fact]
    public async Task EveryMetricInRulesAndDashboards_IsInTheSidecarsExposition()
    {
        using var directory = new TempDirectory("names");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var snapshot = await sidecar.ScrapeAsync();
        var exported = new HashSet<string>(StringComparer.Ordinal) { "up" };
        foreach (var (name, family) in snapshot.Families)
        {
            exported.Add(name);
            if (family.Type is "histogram" or "summary")
            {
                exported.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
        }

        var named = RuleFile.Load(Repo.AlertsYml).Select(r => ("alerts.yml " + r.Name, r.Expr))
            .Concat(Dashboard.All().SelectMany(d => d.Panels).SelectMany(p => p.Exprs.Select(e => (p.ToString(), e))))
            .Concat(Dashboard.All().SelectMany(d => d.Variables).Select(v => ("variable " + v["name"], v["definition"]?.GetValue<string>() ?? string.Empty)))
            .SelectMany(x => RuleFile.MetricNames(x.Item2).Select(n => (Where: x.Item1, Name: n)))
            .ToList();
        Assert.True(named.Count > 50, $"only {named.Count} metric references found");
        var unknown = named.Where(n => !exported.Contains(n.Name)).ToList();
        Assert.True(unknown.Count == 0, "not exported by the sidecar:\n" + string.Join("\n", unknown.Select(u => $"{u.Name} ({u.Where})")));
    }
}
