using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>
/// The rules, promtool tests and dashboards generated for the <c>opencode</c> namespace (the opencode metrics contract's names, the README's
/// <c>--Sidecar:Namespace opencode</c>): promtool accepts and passes them, every name they use is one an opencode sidecar
/// exports, and a real Prometheus scraping an opencode sidecar beside an agentobs one, both fed the same events,
/// evaluates every generated rule and dashboard query with the series the shipped ones find on the agentobs sidecar.
/// </summary>
public sealed partial class NamespaceSetTests
{
    private const string Opencode = "opencode";

    [Fact]
    public async Task PromtoolCheckRulesAndTestRules_OpencodeSet_Pass()
    {
        using var set = await DeployFiles.GenerateAsync(Opencode);
        var promtool = Tool.Find("promtool", "prometheus");

        var check = await Tool.RunSuccessfullyAsync(promtool, ["check", "rules", set.AlertsYml]);
        var files = Directory.GetFiles(set.RuleTestsDirectory, "*.test.yml").Order(StringComparer.Ordinal).ToList();
        var test = await Tool.RunSuccessfullyAsync(promtool, ["test", "rules", .. files], set.RuleTestsDirectory, TimeSpan.FromMinutes(3));

        Assert.Contains($"SUCCESS: {RuleFile.Load(Repo.AlertsYml).Count} rules found", check, StringComparison.Ordinal);
        Assert.Equal(Directory.GetFiles(Repo.RuleTestsDirectory, "*.test.yml").Length, files.Count);
        Assert.Equal(files.Count, Regex.Count(test, "SUCCESS"));
        Assert.DoesNotContain("FAILED", test, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpencodeSet_HasEverySourceRuleAndPanel_NamedForItsNamespace()
    {
        using var set = await DeployFiles.GenerateAsync(Opencode);
        var source = RuleFile.Load(Repo.AlertsYml);
        var generated = RuleFile.Load(set.AlertsYml);

        Assert.Equal(source.Select(r => (r.Group, r.Alert, r.For)), generated.Select(r => (r.Group, r.Alert, r.For)));
        Assert.Equal(source.Where(r => r.Record is not null).Select(r => r.Record!.Replace(":agentobs_", ":opencode_", StringComparison.Ordinal)), generated.Where(r => r.Record is not null).Select(r => r.Record));
        Assert.All(generated.Where(r => r.Record is not null), r => Assert.Matches("^[a-z_]+:opencode_[a-z0-9_]+:[a-z0-9_]+$", r.Record!));
        var used = generated.SelectMany(r => RuleFile.RecordingRuleNames(r.Expr))
            .Concat(Dashboard.All(set.DashboardsDirectory).SelectMany(d => d.Panels).SelectMany(p => p.Exprs).SelectMany(RuleFile.RecordingRuleNames))
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, generated.Select(r => r.Record)));
        Assert.All(generated, r => Assert.DoesNotMatch(AgentobsName(), r.Expr));

        var sourcePanels = Dashboard.All().SelectMany(d => d.Panels).ToList();
        var generatedPanels = Dashboard.All(set.DashboardsDirectory).SelectMany(d => d.Panels).ToList();
        Assert.Equal(sourcePanels.Select(p => (p.Dashboard, p.Title, p.Exprs.Count)), generatedPanels.Select(p => (p.Dashboard, p.Title, p.Exprs.Count)));
        Assert.All(generatedPanels.SelectMany(p => p.Exprs), e => Assert.DoesNotMatch(AgentobsName(), e));
        Assert.Equal(Dashboard.All().Select(d => d.Uid), Dashboard.All(set.DashboardsDirectory).Select(d => d.Uid));
    }

    [Fact]
    public async Task EveryMetricInTheOpencodeSet_IsInAnOpencodeSidecarsExposition()
    {
        using var set = await DeployFiles.GenerateAsync(Opencode);
        using var directory = new TempDirectory("names-opencode");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Sidecar:Namespace", Opencode);
        var exported = new HashSet<string>(StringComparer.Ordinal) { "up" };
        foreach (var (name, family) in (await sidecar.ScrapeAsync()).Families)
        {
            exported.Add(name);
            if (family.Type is "histogram" or "summary")
            {
                exported.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
        }

        var dashboards = Dashboard.All(set.DashboardsDirectory);
        var named = RuleFile.Load(set.AlertsYml).Select(r => ("alerts.yml " + r.Name, r.Expr))
            .Concat(dashboards.SelectMany(d => d.Panels).SelectMany(p => p.Exprs.Select(e => (p.ToString(), e))))
            .Concat(dashboards.SelectMany(d => d.Variables).Select(v => ("variable " + v["name"], v["definition"]?.GetValue<string>() ?? string.Empty)))
            .SelectMany(x => RuleFile.MetricNames(x.Item2, Opencode).Select(n => (Where: x.Item1, Name: n)))
            .ToList();

        Assert.True(named.Count > 50, $"only {named.Count} metric references found");
        var unknown = named.Where(n => !exported.Contains(n.Name)).ToList();
        Assert.True(unknown.Count == 0, "not exported by an opencode sidecar:\n" + string.Join("\n", unknown.Select(u => $"{u.Name} ({u.Where})")));
    }

    [Fact]
    public async Task GenDeployScript_OpencodeNamespace_WritesTheSetAndItsKubernetesObjects()
    {
        using var directory = new TempDirectory("gen-deploy-opencode");
        var output = directory.Combine("out");

        await Tool.RunSuccessfullyAsync("bash", [Repo.Path("scripts", "gen-deploy.sh"), "--namespace", Opencode, "--out", output], Repo.Root, environment: new Dictionary<string, string?> { ["AGENTOBS_CLI"] = DeployFiles.CliDll });

        var rule = Yaml.Load(Path.Combine(output, "deploy", "prometheusrule.yaml"));
        Assert.Equal("PrometheusRule", rule.Str("kind"));
        Assert.Equal(
            Yaml.Load(Path.Combine(output, "alerts.yml")).Seq("groups").Select(g => string.Join(",", g.Seq("rules").Select(r => r.Str("expr")))),
            rule.Req("spec").Seq("groups").Select(g => string.Join(",", g.Seq("rules").Select(r => r.Str("expr")))));
        Assert.Contains("opencode_task_total", File.ReadAllText(Path.Combine(output, "deploy", "prometheusrule.yaml")), StringComparison.Ordinal);
        var map = Yaml.Load(Path.Combine(output, "deploy", "grafana-dashboards-configmap.yaml")).Map("data");
        Assert.Equal(Dashboard.All().Select(d => d.Name), map.Keys.Order(StringComparer.Ordinal));
        Assert.All(map.Values, json => Assert.DoesNotMatch(AgentobsName(), json));
        Assert.Equal(Directory.GetFiles(Repo.RuleTestsDirectory, "*.test.yml").Length, Directory.GetFiles(Path.Combine(output, "prometheus", "tests"), "*.test.yml").Length);
    }

    [Fact]
    public async Task GenDeployScript_InvalidNamespace_ExitsWithTheUsageCodeAndWritesNothing()
    {
        using var directory = new TempDirectory("gen-deploy-bad");
        var output = directory.Combine("out");

        var (exitCode, text) = await Tool.RunAsync("bash", [Repo.Path("scripts", "gen-deploy.sh"), "--namespace", "open-code", "--out", output], Repo.Root, environment: new Dictionary<string, string?> { ["AGENTOBS_CLI"] = DeployFiles.CliDll });

        Assert.True(exitCode == 2, $"exit {exitCode}: {text}");
        Assert.Contains("'open-code'", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task LivePrometheus_OpencodeSidecarBesideAnAgentobsOne_EveryGeneratedRuleAndPanelFindsTheSeriesTheShippedOnesFind()
    {
        using var set = await DeployFiles.GenerateAsync(Opencode);
        // A webhook receiver on loopback for both sidecars: the webhook panels' series exist per configured receiver.
        using var crossings = new AlertReceiver();
        var webhook = new Uri(crossings.BaseUrl, "crossings").ToString();
        // Review runs every second, so the review row's run duration and last-run panels have data.
        // A token with a daily event quota, so the limits row's quota panels have series; loopback stays trusted for the feed.
        string[] quota = [.. TestTokens.Arguments([QuotaToken]), "--Auth:TrustLoopback", "true", "--Limits:EventsPerDay", "1000000"];
        await using var stack = await OpsStack.StartSidecarAsync([.. quota, "--Webhooks:Urls:0", webhook, "--Review:IntervalSeconds", "1"]);
        await stack.AddSidecarAsync([.. quota, "--Sidecar:Namespace", Opencode, "--Webhooks:Urls:0", webhook, "--Review:IntervalSeconds", "1"]);
        // Every tick the same mix (healthy and unhealthy events, merges), so gauges such as the coverage hold one value
        // and both sidecars, fed alike, look alike whenever Prometheus scrapes them.
        await using var feed = new ScenarioFeed(stack.Sidecars, tick => [.. ScenarioEvents.Healthy(tick), .. ScenarioEvents.Unhealthy(tick), .. Merges(tick)]) { Otlp = true };
        await stack.StartMonitoringAsync(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alerts.yml"] = RuleFile.Shortened(await File.ReadAllTextAsync(Repo.AlertsYml), OpsStack.Range, OpsStack.Hold, "1s"),
            ["opencode-alerts.yml"] = RuleFile.Shortened(await File.ReadAllTextAsync(set.AlertsYml), OpsStack.Range, OpsStack.Hold, "1s"),
        });

        var pairs = Pairs(set);
        Assert.True(pairs.Count > 150, $"only {pairs.Count} rule and panel queries paired");
        string[] mustHaveData = [.. pairs.Where(p => p.MustHaveData).Select(p => p.Where)];
        var last = new List<string>();
        await stack.UntilAsync("every generated rule and panel query to find what the shipped one finds", async () =>
        {
            // One evaluation time for the round, a little in the past: both sidecars' scrapes of it are in.
            var at = DateTimeOffset.UtcNow.AddSeconds(-2);
            last = [];
            foreach (var pair in pairs)
            {
                last.AddRange(await CompareAsync(stack, pair, at));
            }

            return (last.Count == 0, $"{last.Count} of {pairs.Count} differ:\n{string.Join("\n", last.Take(20))}");
        }, TimeSpan.FromSeconds(90));
        feed.AssertNoError();
        // Every recorded series and every panel query found data (on both sidecars, by the comparison).
        Assert.Equal(
            RuleFile.Load(Repo.AlertsYml).Count(r => r.Record is not null) + Dashboard.All().SelectMany(d => d.Panels).Sum(p => p.Exprs.Count),
            mustHaveData.Length);

        foreach (var variable in Dashboard.All().SelectMany(d => d.Variables).Select(v => v["definition"]?.GetValue<string>()).OfType<string>().Where(d => d.StartsWith("label_values(", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            var (metric, label) = LabelValuesArguments(variable);
            Assert.Equal(
                (await stack.LabelValuesAsync(label, metric)).Order(StringComparer.Ordinal),
                (await stack.LabelValuesAsync(label, metric.Replace("agentobs_", "opencode_", StringComparison.Ordinal))).Order(StringComparer.Ordinal));
        }

    }

    private static readonly TestToken QuotaToken = new("ci", "ci-" + Guid.NewGuid().ToString("N"), "ingest");

    /// <summary>A shipped query and its generated twin; the shipped one must find data when <see cref="MustHaveData"/>.</summary>
    private sealed record QueryPair(string Where, string Shipped, string Generated, bool MustHaveData);

    private static List<QueryPair> Pairs(DeployFiles set)
    {
        var pairs = new List<QueryPair>();
        var shippedRules = RuleFile.Load(Repo.AlertsYml);
        var generatedRules = RuleFile.Load(set.AlertsYml);
        var shortShipped = ShortExprs(Repo.AlertsYml);
        var shortGenerated = ShortExprs(set.AlertsYml);
        for (var i = 0; i < shippedRules.Count; i++)
        {
            // Every rule's expression (alerts may be quiet: their expression is compared, empty or not), and every
            // recording rule's recorded series, which must exist.
            pairs.Add(new QueryPair($"alerts.yml {shippedRules[i].Name}", shortShipped[i], shortGenerated[i], MustHaveData: false));
            if (shippedRules[i].Record is { } record)
            {
                pairs.Add(new QueryPair($"recorded {record}", record, generatedRules[i].Record!, MustHaveData: true));
            }
        }

        var shippedPanels = Dashboard.All().SelectMany(d => d.Panels).ToList();
        var generatedPanels = Dashboard.All(set.DashboardsDirectory).SelectMany(d => d.Panels).ToList();
        foreach (var (shipped, generated) in shippedPanels.Zip(generatedPanels))
        {
            foreach (var (a, b) in shipped.Exprs.Zip(generated.Exprs))
            {
                pairs.Add(new QueryPair(shipped.ToString(), Dashboard.Resolve(a, "1m"), Dashboard.Resolve(b, "1m"), MustHaveData: true));
            }
        }

        return pairs;
    }

    private static List<string> ShortExprs(string alertsYml)
    {
        using var directory = new TempDirectory("short-exprs");
        var path = directory.Combine("alerts.yml");
        File.WriteAllText(path, RuleFile.Shortened(File.ReadAllText(alertsYml), OpsStack.Range, OpsStack.Hold, "1s"));
        return [.. RuleFile.Load(path).Select(r => r.Expr)];
    }

    private static async Task<IEnumerable<string>> CompareAsync(OpsStack stack, QueryPair pair, DateTimeOffset at)
    {
        IReadOnlyList<JsonElement> shipped;
        IReadOnlyList<JsonElement> generated;
        try
        {
            shipped = await stack.QueryAsync(pair.Shipped, at);
            generated = await stack.QueryAsync(pair.Generated, at);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return [$"{pair.Where}: {e.Message}"];
        }

        if (pair.MustHaveData && shipped.Count == 0)
        {
            return [$"{pair.Where}: the shipped query found nothing: {pair.Shipped}"];
        }

        // topk picks among equal values arbitrarily, so only its size is compared.
        var sameSeries = pair.Shipped.Contains("topk(", StringComparison.Ordinal)
            ? shipped.Count == generated.Count
            : Series(shipped, rewrite: true).SequenceEqual(Series(generated, rewrite: false));
        return sameSeries
            ? []
            : [$"{pair.Where}: shipped [{string.Join("; ", Series(shipped, rewrite: true))}], generated [{string.Join("; ", Series(generated, rewrite: false))}] for {pair.Generated}"];
    }

    /// <summary>Each sample's labels without <c>instance</c> (the two sidecars differ there), the agentobs names rewritten.</summary>
    private static List<string> Series(IReadOnlyList<JsonElement> samples, bool rewrite) =>
        [.. samples.Select(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("metric", out var metric)
                ? string.Join(",", metric.EnumerateObject()
                    .Where(l => l.Name != "instance")
                    .Select(l => $"{l.Name}={(rewrite ? AgentobsName().Replace(l.Value.GetString()!, "opencode_") : l.Value.GetString())}")
                    .Order(StringComparer.Ordinal))
                : "scalar")
            .Order(StringComparer.Ordinal)];

    private static (string Metric, string Label) LabelValuesArguments(string definition)
    {
        var inner = definition["label_values(".Length..^1].Split(',', StringSplitOptions.TrimEntries);
        return (inner[0], inner[1]);
    }

    // Ten merges a tick, three in ten a first pass and one in ten after a rebase conflict: the count windows (50 and
    // 100 merges) fill within seconds and stay defined.
    private static IEnumerable<JsonNode> Merges(int tick) => Enumerable.Range(0, 10).Select(i => (JsonNode)TestEvents.Make(
        TestEvents.NewId("merge"),
        "workitem:merged",
        $"WI-{tick}-{i}-{TestEvents.Unique()}",
        DateTimeOffset.UtcNow,
        new JsonObject { ["attempts"] = i < 3 ? 1 : 2, ["project"] = "damascus", ["finalVerdict"] = i == 9 ? "rebase_conflict" : "approved" }));

    [GeneratedRegex("(?<![A-Za-z0-9_])agentobs_")]
    private static partial Regex AgentobsName();
}
