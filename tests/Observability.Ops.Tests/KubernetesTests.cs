using System.Text.Json.Nodes;
using Observability.Ops.Tests.Support;
using Observability.Sidecar.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Observability.Ops.Tests;

/// <summary>deploy/: the manifests parse, the sidecar pod is hardened and probed, and the generated objects match their sources.</summary>
public sealed class KubernetesTests
{
    private static YamlMappingNode Manifest(string file) => Yaml.Load(Path.Combine(Repo.DeployDirectory, file));

    private static YamlNode PodSpec => Manifest("deployment.yaml").Req("spec").Req("template").Req("spec");

    private static YamlNode Container(string name) => Assert.Single(PodSpec.Seq("containers"), c => c.Str("name") == name);

    [Fact]
    public void EveryManifest_ParsesAsKubernetesObjects_AndKustomizationListsThem()
    {
        var files = Directory.GetFiles(Repo.DeployDirectory, "*.yaml").Select(Path.GetFileName).ToList();
        foreach (var file in files.Where(f => f != "kustomization.yaml"))
        {
            var document = Manifest(file!);
            Assert.False(string.IsNullOrEmpty(document.Str("apiVersion")), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(document.Str("kind")), $"{file}: kind");
            Assert.False(string.IsNullOrEmpty(document.Req("metadata").Str("name")), $"{file}: metadata.name");
        }

        var listed = Manifest("kustomization.yaml").Seq("resources").Select(r => r.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(files.Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public void Deployment_RunsTheSidecarBesideAnAgentRunner_ProbedForLivenessReadinessAndStartup()
    {
        Assert.Equal(["agent-runner", "agentobs-sidecar"], PodSpec.Seq("containers").Select(c => c.Str("name")));
        var sidecar = Container("agentobs-sidecar");
        Assert.Equal("/health", sidecar.Req("livenessProbe").Req("httpGet").Str("path"));
        Assert.Equal("/readiness", sidecar.Req("readinessProbe").Req("httpGet").Str("path"));
        var startup = sidecar.Req("startupProbe");
        // Not /readiness: it also fails on a low disk, and a startup probe that fails restarts the pod in a loop.
        Assert.Equal("/startup", startup.Req("httpGet").Str("path"));
        Assert.Equal("metrics", startup.Req("httpGet").Str("port"));
        // Measured: replaying 1M events takes up to 6.3 s; 2.59M events stored left RSS at 823 MiB (about
        // 320 MiB per million, 350 with a margin). The startup
        // budget must cover, with 4x headroom, the replay of as many events as the memory limit holds.
        var budget = int.Parse(startup.Str("periodSeconds")!, System.Globalization.CultureInfo.InvariantCulture)
                     * int.Parse(startup.Str("failureThreshold")!, System.Globalization.CultureInfo.InvariantCulture);
        var limitMiB = MebiBytes(sidecar.Req("resources").Req("limits").Str("memory")!);
        var millionsThatFit = limitMiB / 350.0;
        Assert.True(millionsThatFit >= 2.5, $"memory limit {limitMiB} MiB holds fewer than 2.5M events");
        Assert.True(budget >= millionsThatFit * 6.3 * 4, $"startup probe allows only {budget} s to replay {millionsThatFit:F1}M events");
        Assert.Equal("metrics", sidecar.Seq("ports").Single().Str("name"));
        Assert.Equal("9464", sidecar.Seq("ports").Single().Str("containerPort"));
    }

    [Fact]
    public void Deployment_IsNonRootReadOnlyWithResources_AndTheDataDirectoryOnAVolume()
    {
        var pod = PodSpec.Req("securityContext");
        Assert.Equal("true", pod.Str("runAsNonRoot"));
        Assert.NotEqual("0", pod.Str("runAsUser"));
        foreach (var container in PodSpec.Seq("containers"))
        {
            var name = container.Str("name");
            var security = container.Req("securityContext");
            Assert.True(security.Str("readOnlyRootFilesystem") == "true", $"{name}: root filesystem is writable");
            Assert.True(security.Str("allowPrivilegeEscalation") == "false", $"{name}: privilege escalation allowed");
            Assert.Contains("ALL", security.Req("capabilities").Seq("drop").Select(c => c.ToString()));
            foreach (var kind in new[] { "requests", "limits" })
            {
                var resources = container.Req("resources").Req(kind);
                Assert.True(resources.Get("cpu") is not null && resources.Get("memory") is not null, $"{name}: {kind} without cpu and memory");
            }
        }

        var volumes = PodSpec.Seq("volumes").ToDictionary(v => v.Str("name")!, v => v, StringComparer.Ordinal);
        var sidecar = Container("agentobs-sidecar");
        var data = Assert.Single(sidecar.Seq("volumeMounts"), m => m.Str("mountPath") == "/data");
        Assert.NotNull(volumes[data.Str("name")!].Get("persistentVolumeClaim"));
        Assert.Contains(sidecar.Seq("env"), e => e.Str("name") == "Sidecar__DataDirectory" && e.Str("value") == "/data");
        Assert.Contains(sidecar.Seq("volumeMounts"), m => m.Str("mountPath") == "/tmp");
        Assert.Equal(Manifest("pvc.yaml").Req("metadata").Str("name"), volumes[data.Str("name")!].Req("persistentVolumeClaim").Str("claimName"));
    }

    [Fact]
    public void ServiceAndServiceMonitor_SelectTheSidecarPodsAndScrapeItsMetricsPort()
    {
        var service = Manifest("service.yaml");
        var podLabels = Manifest("deployment.yaml").Req("spec").Req("template").Req("metadata").Map("labels");
        Assert.All(service.Req("spec").Map("selector"), s => Assert.Equal(s.Value, podLabels.GetValueOrDefault(s.Key)));
        Assert.Equal("metrics", service.Req("spec").Seq("ports").Single().Str("name"));
        // The job label Prometheus gives the targets is the Service name; the alerts look for it.
        Assert.Equal("agentobs-sidecar", service.Req("metadata").Str("name"));

        var monitor = Manifest("servicemonitor.yaml");
        Assert.Equal("ServiceMonitor", monitor.Str("kind"));
        var serviceLabels = service.Req("metadata").Map("labels");
        Assert.All(monitor.Req("spec").Req("selector").Map("matchLabels"), l => Assert.Equal(l.Value, serviceLabels.GetValueOrDefault(l.Key)));
        var endpoint = monitor.Req("spec").Seq("endpoints").Single();
        Assert.Equal("metrics", endpoint.Str("port"));
        Assert.Equal("/metrics", endpoint.Str("path"));
    }

    [Fact]
    public async Task GeneratedObjects_AreIdenticalToAFreshGeneration()
    {
        using var directory = new TempDirectory("gen-deploy");
        await Tool.RunSuccessfullyAsync("bash", [Repo.Path("scripts", "gen-deploy.sh"), directory.Path], Repo.Root);
        foreach (var file in new[] { "prometheusrule.yaml", "grafana-dashboards-configmap.yaml" })
        {
            Assert.True(
                File.ReadAllText(directory.Combine(file)) == File.ReadAllText(Path.Combine(Repo.DeployDirectory, file)),
                $"deploy/{file} differs from its source: run scripts/gen-deploy.sh and commit the result.");
        }
    }

    [Fact]
    public void PrometheusRule_SpecIsAlertsYml()
    {
        var rule = Manifest("prometheusrule.yaml");
        Assert.Equal("PrometheusRule", rule.Str("kind"));
        Assert.Equal("monitoring.coreos.com/v1", rule.Str("apiVersion"));
        var fromRule = rule.Req("spec").Seq("groups").Select(g => g.Str("name") + ":" + string.Join(",", g.Seq("rules").Select(r => (r.Str("alert") ?? r.Str("record")) + "=" + r.Str("expr")))).ToList();
        var fromAlerts = Yaml.Load(Repo.AlertsYml).Seq("groups").Select(g => g.Str("name") + ":" + string.Join(",", g.Seq("rules").Select(r => (r.Str("alert") ?? r.Str("record")) + "=" + r.Str("expr")))).ToList();
        Assert.Equal(fromAlerts, fromRule);
    }

    [Fact]
    public void DashboardsConfigMap_IsLabelledForGrafanaAndHoldsEveryDashboard()
    {
        var map = Manifest("grafana-dashboards-configmap.yaml");
        Assert.Equal("ConfigMap", map.Str("kind"));
        Assert.Equal("1", map.Req("metadata").Map("labels")["grafana_dashboard"]);
        var data = map.Map("data");
        var dashboards = Dashboard.All();
        Assert.Equal(dashboards.Select(d => d.Name), data.Keys.Order(StringComparer.Ordinal));
        foreach (var dashboard in dashboards)
        {
            Assert.True(JsonNode.DeepEquals(dashboard.Json, JsonNode.Parse(data[dashboard.Name])), $"{dashboard.Name} differs in the ConfigMap");
        }
    }

    private static double MebiBytes(string quantity) =>
        quantity.EndsWith("Gi", StringComparison.Ordinal) ? 1024 * double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture)
        : quantity.EndsWith("Mi", StringComparison.Ordinal) ? double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture)
        : throw new FormatException($"memory quantity {quantity} is neither Mi nor Gi");
}
