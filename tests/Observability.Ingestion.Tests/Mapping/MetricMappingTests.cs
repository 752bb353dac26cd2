using Observability.Ingestion.Catalogue;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using Observability.Metrics.Exposition;

namespace Observability.Ingestion.Tests.Mapping;

public sealed class MetricMappingTests
{
    public static TheoryData<string, MetricType, string[], double[]> SeedFamilies => new()
    {
        { "opencode_task_duration_seconds", MetricType.Histogram, ["agent_type", "task_type", "stage", "success"], [60, 300, 900, 1800, 3600] },
        { "opencode_task_total", MetricType.Counter, ["agent_type", "task_type", "success"], [] },
        { "opencode_code_coverage_percent", MetricType.Gauge, [], [] },
        { "opencode_lint_errors_total", MetricType.Counter, ["severity"], [] },
        { "opencode_pipeline_duration_seconds", MetricType.Histogram, ["stage", "success"], [10, 30, 60, 120, 300] },
        { "opencode_pipeline_failures_total", MetricType.Counter, ["stage", "failure_type"], [] },
        { "opencode_ai_success_rate", MetricType.Gauge, ["agent_type"], [] },
        { "opencode_human_interventions_total", MetricType.Counter, ["reason"], [] },
    };

    [Theory]
    [MemberData(nameof(SeedFamilies))]
    public void Load_Default_RegistersSeed001FamilyExactly(string name, MetricType type, string[] labels, double[] buckets)
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "opencode" });

        MetricMapping.Load(registry, []);

        var family = Assert.Single(registry.Families, f => f.Name == name);
        Assert.Equal(type, family.Type);
        Assert.Equal(labels, family.LabelNames);
        Assert.Equal(buckets, family.BucketBounds);
    }

    [Fact]
    public void Load_Default_EveryFamilyHasHelpAndTypeFromFirstScrape()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var mapping = MetricMapping.Load(registry, []);

        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);

        Assert.True(mapping.FamilyNames.Count >= 30);
        foreach (var family in registry.Families)
        {
            Assert.Contains($"# HELP {family.Name} ", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {family.Name} ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_Default_EveryFamilyWithKnownValues_HasEveryCombinationAtZeroFromTheFirstScrape()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        MetricMapping.Load(registry, []);
        var text = registry.CollectAsString(ExpositionFormat.PrometheusText);
        var known = KnownValues();
        Assert.Contains("ws_phases_total", known.Keys);

        foreach (var (family, values) in known)
        {
            var combinations = LabelSets.Product([.. values.Select(v => (IReadOnlyList<string>)v.Values)]).ToList();
            Assert.NotEmpty(combinations);
            foreach (var combination in combinations)
            {
                var labels = string.Join(",", values.Zip(combination, (v, value) => $"{v.Label}=\"{value}\""));
                Assert.True(
                    text.Contains($"agentobs_{family}{{{labels}}} 0\n", StringComparison.Ordinal),
                    $"agentobs_{family}{{{labels}}} is not at 0 on a fresh registry");
            }
        }
    }

    [Fact]
    public void Load_Default_KnownValues_AreTheCataloguesValues()
    {
        var known = KnownValues();

        Assert.Equal(EventCatalogue.LintSeverities, Values(known, "lint_errors_total", "severity"));
        Assert.Equal(EventCatalogue.ReviewVerdicts, Values(known, "reviews_total", "verdict"));
        Assert.Equal(EventCatalogue.WsStatuses, Values(known, "ws_executions_total", "status"));
        Assert.Equal(EventCatalogue.WsPhases, Values(known, "ws_phases_total", "phase"));
        Assert.Equal(["pass", "fail"], Values(known, "ws_phases_total", "result"));

        static IReadOnlyList<string> Values(Dictionary<string, List<(string Label, List<string> Values)>> known, string family, string label) =>
            known[family].Single(v => v.Label == label).Values;
    }

    [Fact]
    public void Load_Default_UnlabelledGauge_HasNoSampleUntilAnEventSetsIt()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "opencode" });
        var projector = new Projector(registry, MetricMapping.Load(registry, []));

        var before = registry.CollectAsString(ExpositionFormat.PrometheusText);
        using (var report = Support.Event(Support.Task("c1", "coverage:reported", "2025-12-07T10:30:00Z", metadata: """{"percent":0}""")))
        {
            projector.Project(report);
        }

        // The opencode metrics contract's LowCodeCoverage (opencode_code_coverage_percent < 75) must not fire before any report.
        Assert.Contains("# TYPE opencode_code_coverage_percent gauge\n", before, StringComparison.Ordinal);
        Assert.DoesNotContain("\nopencode_code_coverage_percent ", before, StringComparison.Ordinal);
        Assert.Equal(0, Support.Sample(registry, "opencode_code_coverage_percent"));
        Assert.Equal(0, Support.Sample(registry, "opencode_chains_created_total"));
    }

    [Fact]
    public void Load_OperatorFile_AddsNewEventTypeWithoutCode()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """
            families:
              - name: security_findings_total
                type: counter
                help: Security findings by scanner and severity.
                labels: [scanner, severity]
              - name: scan_duration_seconds
                type: histogram
                help: Scan duration.
                buckets: [1, 10, 100]
            rules:
              - event: "scan:finished"
                metric: security_findings_total
                value: metadata.findings
                labels: { scanner: "metadata.scanner | 'unknown'", severity: metadata.severity }
                when: "metadata.findings != 0"
              - { event: "scan:finished", metric: scan_duration_seconds, value: metadata.seconds }
            """);
        try
        {
            var mapping = MetricMapping.Load(registry, [file]);
            var projector = new Projector(registry, mapping);

            using (var e = Support.Event("""{"id":"s1","timestamp":"2025-12-07T10:00:00Z","eventType":"scan:finished","entityId":"repo","metadata":{"scanner":"trivy","severity":"high","findings":3,"seconds":42}}"""))
            {
                projector.Project(e);
            }

            using (var e = Support.Event("""{"id":"s2","timestamp":"2025-12-07T10:00:00Z","eventType":"scan:finished","entityId":"repo","metadata":{"severity":"low","findings":0,"seconds":5}}"""))
            {
                projector.Project(e);
            }

            Assert.Equal(3, Support.Sample(registry, "agentobs_security_findings_total{scanner=\"trivy\",severity=\"high\"}"));
            Assert.Null(Support.Sample(registry, "agentobs_security_findings_total{scanner=\"unknown\",severity=\"low\"}"));
            Assert.Equal(2, Support.Sample(registry, "agentobs_scan_duration_seconds_count"));
            Assert.Equal(47, Support.Sample(registry, "agentobs_scan_duration_seconds_sum"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_DerivedValuesReadOnlyByAnAlternativeOrACondition_AreDerivedAndStartsOfTypesWithoutRulesAreKept()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var mapping = MetricMapping.LoadSources(registry, [("derived.yaml", """
            families:
              - { name: done_seconds, type: histogram, help: Done., buckets: [100] }
              - { name: failed_total, type: counter, help: Failed., labels: [agent_type] }
              - { name: unsuccessful_total, type: counter, help: Unsuccessful. }
              - { name: calls_total, type: counter, help: Calls., labels: [model] }
            rules:
              - { event: "task:completed", metric: done_seconds, value: derived.durationSeconds }
              - { event: "task:completed", metric: unsuccessful_total, when: "derived.success == 'false'" }
              - { event: "task:failed", metric: failed_total, labels: { agent_type: "metadata.kind | derived.agentType" } }
              - { event: "llm:call", metric: calls_total, labels: { model: agent.model } }
            """)]);
        var projector = new Projector(registry, mapping);

        foreach (var json in new[]
        {
            Support.Task("1", "task:started", "2025-12-07T10:00:00Z"),
            Support.Task("2", "llm:call", "2025-12-07T10:00:30Z"),
            Support.Task("3", "task:completed", "2025-12-07T10:01:00Z", metadata: """{"success":false}"""),
            Support.Task("4", "task:failed", "2025-12-07T10:02:00Z", entity: "T-2", metadata: """{"failureType":"lint"}"""),
        })
        {
            using var e = Support.Event(json);
            projector.Project(e);
        }

        Assert.Equal((60d, 1d), (Support.Sample(registry, "agentobs_done_seconds_sum"), Support.Sample(registry, "agentobs_done_seconds_count")));
        Assert.Equal(1, Support.Sample(registry, "agentobs_unsuccessful_total"));
        Assert.Equal(1, Support.Sample(registry, """agentobs_failed_total{agent_type="impl"}"""));
        Assert.Equal(1, Support.Sample(registry, """agentobs_calls_total{model="m1"}"""));
        Assert.Equal(0, projector.OpenItems);
    }

    [Theory]
    [InlineData("families: [ {name: x, type: summary, help: h} ]", "families[0] ('x'): type 'summary' is not counter, gauge or histogram")]
    [InlineData("rules: [ {event: 'a:b', metric: nope} ]", "rules[0] (event 'a:b', metric 'nope'): metric 'nope' is not defined")]
    [InlineData("rules: [ {event: 'task:completed', metric: task_total, labels: {agent_type: x}} ]", "missing [task_type, success]")]
    [InlineData("rules: [ {event: 'task:completed', metric: code_coverage_percent, value: derived.nonsense} ]", "names no derived value")]
    [InlineData("families: [ {name: task_total, type: gauge, help: other} ]", "already registered")]
    [InlineData("families: [ {name: : }", "is not valid: line 1")]
    public void Load_BadOperatorFile_NamesFileAndEntry(string yaml, string expected)
    {
        var registry = new MetricRegistry();
        var file = Path.GetTempFileName();
        File.WriteAllText(file, yaml);
        try
        {
            var error = Assert.Throws<MappingException>(() => MetricMapping.Load(registry, [file]));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var error = Assert.Throws<MappingException>(() => MetricMapping.Load(new MetricRegistry(), ["/nonexistent/mapping.yaml"]));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The default mapping's families whose every label has known values: label by label, in label order.</summary>
    private static Dictionary<string, List<(string Label, List<string> Values)>> KnownValues()
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(MetricMapping.DefaultYaml()));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        var result = new Dictionary<string, List<(string, List<string>)>>(StringComparer.Ordinal);
        foreach (var family in ((YamlDotNet.RepresentationModel.YamlSequenceNode)root.Children["families"]).Cast<YamlDotNet.RepresentationModel.YamlMappingNode>())
        {
            if (!family.Children.TryGetValue("known", out var knownNode))
            {
                continue;
            }

            var known = (YamlDotNet.RepresentationModel.YamlMappingNode)knownNode;
            var labels = ((YamlDotNet.RepresentationModel.YamlSequenceNode)family.Children["labels"]).Select(l => l.ToString()).ToList();
            Assert.True(labels.All(l => known.Children.ContainsKey(l)), $"{family.Children["name"]}: known values for only some labels create nothing");
            result[family.Children["name"].ToString()] = [.. labels.Select(l => (l, ((YamlDotNet.RepresentationModel.YamlSequenceNode)known.Children[l]).Select(v => v.ToString()).ToList()))];
        }

        return result;
    }
}
